/**
 * A backend for OpenAI-compatible chat completion servers: {@link io.augcon.llm.openai.OpenAiChatBackend}
 * posts {@code /chat/completions} requests over {@code java.net.http} and maps every failure to a typed
 * {@link io.augcon.api.LlmException}.
 */
package io.augcon.llm.openai;
