package io.augcon.core.respond;

import io.augcon.api.LlmException;

/**
 * An answer dropped because too little of it came from its context, even after one
 * regeneration ({@link BelowFloor#DROP}). Run summaries count it as {@code ungrounded}.
 */
public final class UngroundedResponseException extends LlmException {
    private static final long serialVersionUID = 1L;

    /** The better grounding of the two answers, 0 to 1; part of the serialised form. */
    private final double grounding;

    /**
     * A dropped answer; {@code grounding} is the better of the two answers' shares of words found
     * in the context, from 0 to 1.
     */
    public UngroundedResponseException(String message, double grounding) {
        super(Kind.MALFORMED_OUTPUT, message);
        this.grounding = grounding;
    }

    /** The better grounding of the two answers. */
    public double grounding() {
        return grounding;
    }
}
