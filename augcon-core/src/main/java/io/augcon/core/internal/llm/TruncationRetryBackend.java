package io.augcon.core.internal.llm;

import io.augcon.api.LlmBackend;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.internal.Knob;
import io.augcon.core.event.ResilienceListener;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Asks once more, with {@code factor} times the token limit and the same seed, when an answer
 * comes back cut by the token limit (finish reason {@code length}). The same seed makes the
 * longer answer the one the model had begun; if it is cut again it is returned as it is, and
 * the stage's own bounded re-ask takes over.
 *
 * <pre>{@code
 * LlmBackend roomy = new TruncationRetryBackend(backend, 2.0, 32_768, ResilienceListener.NONE);
 * }</pre>
 */
public final class TruncationRetryBackend implements LlmBackend {
    private final LlmBackend delegate;
    private final double factor;
    private final int maxTokensCap;
    private final ResilienceListener listener;

    /**
     * @param factor       how many times the tokens to ask for, above 1
     * @param maxTokensCap the most tokens the retry asks for
     */
    public TruncationRetryBackend(LlmBackend delegate, double factor, int maxTokensCap, ResilienceListener listener) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.factor = Knob.inOpenClosed("factor", factor, 1, 16);
        this.maxTokensCap = Knob.atLeast("maxTokensCap", maxTokensCap, 1);
    }

    @Override
    public CompletionStage<LlmResponse> complete(LlmRequest request) {
        return delegate.complete(request).thenCompose(response -> {
            int more = (int) Math.min(maxTokensCap, Math.ceil(request.maxTokens() * factor));
            if (!response.truncated() || more <= request.maxTokens()) {
                return CompletableFuture.completedFuture(response);
            }
            listener.truncationRetried(request, request.maxTokens(), more);
            return delegate.complete(request.toBuilder().maxTokens(more).build());
        });
    }

    @Override
    public String modelName() {
        return delegate.modelName();
    }
}
