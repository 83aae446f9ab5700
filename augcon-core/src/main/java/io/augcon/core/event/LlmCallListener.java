package io.augcon.core.event;

import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;

/** Hears about every finished LLM call. Called from any thread; implementations must be thread-safe. */
@FunctionalInterface
public interface LlmCallListener {
    /** Hears nothing. */
    LlmCallListener NONE = (request, response, error, latencyNanos) -> { };

    /**
     * One call finished.
     *
     * @param request      what was asked
     * @param response     the answer, or {@code null} when the call failed
     * @param error        the failure, or {@code null} when it succeeded
     * @param latencyNanos time from sending to the answer
     */
    void llmCallDone(LlmRequest request, LlmResponse response, Throwable error, long latencyNanos);
}
