package io.augcon.llm.batch;

/**
 * Where a batch is in its life, as the provider reports it. OpenAI's statuses map one to one;
 * another provider maps its own onto these.
 */
public enum BatchPhase {
    /** The provider checks the input. */
    VALIDATING,
    /** Requests are being answered. */
    IN_PROGRESS,
    /** Answers are being written to the result files. */
    FINALIZING,
    /** Every request was answered or failed; the result files are ready. */
    COMPLETED,
    /** The completion window ran out: the answered part is in the results, the rest is not. */
    EXPIRED,
    /** The batch as a whole failed (its input was refused): nothing was answered. */
    FAILED,
    /** A cancel was asked for and is under way. */
    CANCELLING,
    /** Cancelled: the answered part is in the results, the rest is not. */
    CANCELLED;

    /** True when the batch will not change any more, so its results can be read. */
    public boolean ended() {
        return this == COMPLETED || this == EXPIRED || this == FAILED || this == CANCELLED;
    }
}
