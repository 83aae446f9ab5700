package io.augcon.core.respond;

/** What happens to an answer whose grounding stays below the floor after its one regeneration. */
public enum BelowFloor {
    /** Keep the better-grounded of the two answers, with the flag {@code below_grounding_floor} in provenance. */
    KEEP_FLAGGED,
    /** Write no record: the answer fails with an {@link UngroundedResponseException}, counted as {@code ungrounded}. */
    DROP
}
