package io.augcon.cli;

import io.augcon.api.LlmBackend;
import io.augcon.core.AugConBuilder;
import io.augcon.core.llm.AdaptiveConcurrency;
import io.augcon.core.llm.Resilience;
import io.augcon.core.llm.RetryPolicy;
import io.augcon.llm.ollama.OllamaChatBackend;
import io.augcon.llm.openai.OpenAiChatBackend;
import io.augcon.llm.openai.OpenAiCompletionsBackend;
import io.augcon.llm.tokens.HuggingFaceTokenCounter;
import io.augcon.llm.tokens.TokenCountingBackend;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns {@code generate}'s LLM options into a backend and its fault tolerance: {@code --backend},
 * {@code --base-url}, {@code --model}, {@code --api-key-env}, {@code --header}, {@code --timeout-s},
 * {@code --max-retries}, {@code --[no-]adaptive-concurrency}, {@code --tokenizer}, {@code --max-calls},
 * {@code --max-tokens-total}.
 */
final class LlmWiring {
    private LlmWiring() {}

    /** Sets {@code builder}'s LLM and resilience from {@code options}; a bad option is an IllegalArgumentException naming it. */
    static AugConBuilder wire(GenerateCommand options, AugConBuilder builder) {
        if (options.timeoutSeconds < 1) {
            throw new IllegalArgumentException("--timeout-s must be >= 1, was " + options.timeoutSeconds);
        }
        if (options.maxRetries < 0 || options.maxRetries > 20) {
            throw new IllegalArgumentException("--max-retries must be in [0, 20], was " + options.maxRetries);
        }
        LlmBackend llm = backend(options, Duration.ofSeconds(options.timeoutSeconds), headers(options));
        if (options.tokenizer != null) {
            try {
                llm = new TokenCountingBackend(llm, HuggingFaceTokenCounter.load(options.tokenizer));
            } catch (IOException e) {
                throw new IllegalArgumentException("--tokenizer: " + e.getMessage(), e);
            }
        }
        Resilience resilience = Resilience.builder()
                .retry(RetryPolicy.builder().maxAttempts(options.maxRetries + 1).build())
                .adaptive(options.adaptiveConcurrency ? AdaptiveConcurrency.Settings.defaults() : null)
                .build();
        return builder.llm(llm).llmPolicy(p -> p.withResilience(resilience));
    }

    /** Sets {@code builder}'s LLM budget from {@code --max-calls} and {@code --max-tokens-total}. */
    static void budgets(GenerateCommand options, AugConBuilder builder, boolean useLlm) {
        if ((options.state.maxCalls != null || options.state.maxTokensTotal != null) && !useLlm) {
            throw new IllegalArgumentException("--max-calls and --max-tokens-total need --base-url: offline runs make no LLM calls");
        }
        if (options.state.maxCalls != null) {
            builder.llmPolicy(p -> p.withMaxCalls(atLeastZero("--max-calls", options.state.maxCalls)));
        }
        if (options.state.maxTokensTotal != null) {
            builder.llmPolicy(p -> p.withMaxTokensTotal(atLeastZero("--max-tokens-total", options.state.maxTokensTotal)));
        }
    }

    private static long atLeastZero(String option, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(option + " must be >= 0, was " + value);
        }
        return value;
    }

    private static LlmBackend backend(GenerateCommand o, Duration timeout, Map<String, String> headers) {
        switch (o.backendKind.toLowerCase(Locale.ROOT)) {
            case "openai":
                return OpenAiChatBackend.builder().baseUrl(o.baseUrl).model(o.model).apiKeyFromEnv(o.apiKeyEnv)
                        .headers(headers).timeout(timeout).build();
            case "openai-completions":
                return OpenAiCompletionsBackend.builder().baseUrl(o.baseUrl).model(o.model).apiKeyFromEnv(o.apiKeyEnv)
                        .headers(headers).timeout(timeout).build();
            case "ollama":
                OllamaChatBackend.Builder ollama = OllamaChatBackend.builder().baseUrl(o.baseUrl).model(o.model)
                        .apiKey(System.getenv(o.apiKeyEnv)).timeout(timeout);
                headers.forEach(ollama::header);
                return ollama.build();
            default:
                throw new IllegalArgumentException(
                        "--backend must be openai, openai-completions or ollama, was '" + o.backendKind + "'");
        }
    }

    private static Map<String, String> headers(GenerateCommand o) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String kv : o.headers) {
            int eq = kv.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("--header must be NAME=VALUE, was '" + kv + "'");
            }
            headers.put(kv.substring(0, eq).strip(), kv.substring(eq + 1).strip());
        }
        return headers;
    }
}
