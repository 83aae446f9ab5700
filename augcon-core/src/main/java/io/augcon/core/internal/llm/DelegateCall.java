package io.augcon.core.internal.llm;

import io.augcon.api.LlmBackend;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * How every link of the LLM chain calls the backend below it. A backend may break its contract in
 * two ways that would otherwise escape a link's bookkeeping (a permit never given back, a call
 * never counted): it may throw instead of returning a failed stage, and it may return {@code null}.
 * Both come back here as a failed stage, the second with a message that names the backend.
 */
final class DelegateCall {
    private DelegateCall() {
    }

    /** {@code backend}'s stage for {@code request}; what it throws, or a {@code null} stage, as a failed one. */
    static CompletionStage<LlmResponse> complete(LlmBackend backend, LlmRequest request) {
        CompletionStage<LlmResponse> stage;
        try {
            stage = backend.complete(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (stage == null) {
            return CompletableFuture.failedFuture(new NullPointerException("LlmBackend " + backend.getClass().getName()
                    + " returned null from complete(); return a CompletionStage, e.g."
                    + " CompletableFuture.completedFuture(response) or CompletableFuture.failedFuture(error)"));
        }
        return stage;
    }
}
