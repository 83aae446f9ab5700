package io.augcon.llm.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import io.augcon.api.AsyncFailure;
import io.augcon.api.ChatMessage;
import io.augcon.api.LlmBackend;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import java.util.Objects;
import java.util.concurrent.CompletionException;

/**
 * The other way round: an AugCon {@link LlmBackend} (say, an {@code OpenAiChatBackend} behind
 * AugCon's retries and limits) as a langchain4j {@link ChatModel}, for langchain4j code that
 * should share it. Text messages only; temperature, {@code maxOutputTokens} and stop sequences
 * are passed on (defaults 0.7 and 1024 when unset), tools and response formats are not. Calls
 * block until the backend answers; its {@link io.augcon.api.LlmException}s are thrown as they are.
 *
 * <pre>{@code
 * ChatModel chat = new LlmBackendChatModel(OpenAiChatBackend.builder().baseUrl(url).build());
 * String answer = chat.chat("Why is the sky blue?");
 * }</pre>
 */
public final class LlmBackendChatModel implements ChatModel {
    private final LlmBackend backend;

    /** A chat model that sends every chat through {@code backend}, with its decorators, and waits for it. */
    public LlmBackendChatModel(LlmBackend backend) {
        this.backend = Objects.requireNonNull(backend, "backend");
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        LlmRequest.Builder b = LlmRequest.builder().stage("langchain4j");
        for (dev.langchain4j.data.message.ChatMessage m : request.messages()) {
            if (m instanceof SystemMessage) {
                b.message(ChatMessage.system(((SystemMessage) m).text()));
            } else if (m instanceof AiMessage) {
                b.message(ChatMessage.assistant(((AiMessage) m).text()));
            } else if (m instanceof UserMessage && ((UserMessage) m).hasSingleText()) {
                b.message(ChatMessage.user(((UserMessage) m).singleText()));
            } else {
                throw new IllegalArgumentException("only text messages are supported, got " + m.type());
            }
        }
        ChatRequestParameters p = request.parameters();
        if (p != null) {
            if (p.temperature() != null) {
                b.temperature(p.temperature());
            }
            if (p.maxOutputTokens() != null) {
                b.maxTokens(p.maxOutputTokens());
            }
            if (p.stopSequences() != null) {
                b.stop(p.stopSequences());
            }
        }
        LlmResponse answer;
        try {
            answer = backend.complete(b.build()).toCompletableFuture().join();
        } catch (CompletionException e) {
            throw AsyncFailure.cause(e) instanceof RuntimeException cause ? cause : e;
        }
        return ChatResponse.builder()
                .aiMessage(AiMessage.from(answer.text()))
                .modelName(answer.model())
                .tokenUsage(new TokenUsage((int) Math.min(Integer.MAX_VALUE, answer.usage().inputTokens()),
                        (int) Math.min(Integer.MAX_VALUE, answer.usage().outputTokens())))
                .finishReason(FinishReasons.theirs(answer.finishReason()))
                .build();
    }

    @Override
    public String toString() {
        return "LlmBackendChatModel[" + backend.modelName() + "]";
    }
}
