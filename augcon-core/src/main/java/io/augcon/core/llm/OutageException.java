package io.augcon.core.llm;

import io.augcon.api.LlmException;

/**
 * The LLM server kept failing through every probe of the circuit breaker, so the requests
 * waiting for it were failed instead of waiting forever. It ends the run; a rerun with the same answer cache resumes where it stopped.
 */
public final class OutageException extends LlmException {
    private static final long serialVersionUID = 1L;

    /**
     * An outage whose last probe failed with {@code lastFailure}; its {@link #kind()} is that
     * failure's kind, or {@link Kind#CONNECTION} when the failure carried none.
     */
    public OutageException(String message, Throwable lastFailure) {
        super(LlmException.kindOf(lastFailure) == Kind.OTHER ? Kind.CONNECTION : LlmException.kindOf(lastFailure),
                message, lastFailure);
    }
}
