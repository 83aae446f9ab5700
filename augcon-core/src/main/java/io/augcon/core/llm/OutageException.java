package io.augcon.core.llm;

import io.augcon.api.LlmException;

/**
 * The LLM server kept failing through every probe of the circuit breaker, so the requests
 * waiting for it were failed instead of waiting forever. It ends the run; a rerun with the same answer cache resumes where it stopped.
 */
public final class OutageException extends LlmException {
    private static final long serialVersionUID = 1L;

    public OutageException(String message, Throwable lastFailure) {
        super(LlmException.kindOf(lastFailure) == Kind.OTHER ? Kind.CONNECTION : LlmException.kindOf(lastFailure),
                message, lastFailure);
    }
}
