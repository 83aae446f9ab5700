package io.augcon.llm.tokens;

import io.augcon.api.ChatMessage;
import io.augcon.api.LlmBackend;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.TokenUsage;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Fills in the token usage of answers whose server reported none (some llama.cpp builds, some
 * gateways, a langchain4j model without usage), by counting the request's messages and the
 * answer's text with a real tokenizer. Usage the server did report is kept as it is. Wrap the
 * backend you give to {@code AugCon.builder().llm(...)}, so the run's per-stage token figures
 * see the counts.
 *
 * <pre>{@code
 * HuggingFaceTokenCounter counter = HuggingFaceTokenCounter.load(Path.of("/models/qwen/tokenizer.json"));
 * LlmBackend counted = new TokenCountingBackend(llamaCpp, counter);
 * }</pre>
 */
public final class TokenCountingBackend implements LlmBackend {
    private final LlmBackend delegate;
    private final TokenCounter counter;

    /**
     * Asks {@code delegate} and, when its answer has no usage, counts it with {@code counter}.
     * Counting happens when the answer arrives, on the thread that completes it; usage is never null.
     */
    public TokenCountingBackend(LlmBackend delegate, TokenCounter counter) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.counter = Objects.requireNonNull(counter, "counter");
    }

    @Override
    public CompletionStage<LlmResponse> complete(LlmRequest request) {
        return delegate.complete(request).thenApply(response -> {
            if (!response.usage().equals(TokenUsage.ZERO)) {
                return response;
            }
            long in = 0;
            for (ChatMessage m : request.asMessages()) {
                in += counter.count(m.content());
            }
            TokenUsage counted = new TokenUsage(in, counter.count(response.text()));
            return new LlmResponse(response.text(), response.finishReason(), counted, response.model());
        });
    }

    @Override
    public String modelName() {
        return delegate.modelName();
    }

    /** The wrapped backend's check: counting tokens changes nothing about whether it can answer. */
    @Override
    public CompletionStage<Void> preflight(Duration timeout) {
        return delegate.preflight(timeout);
    }
}
