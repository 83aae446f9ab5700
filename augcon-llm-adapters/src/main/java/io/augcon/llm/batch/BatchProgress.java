package io.augcon.llm.batch;

import java.time.Duration;

/**
 * One step of one round, as a {@link BatchListener} hears it.
 *
 * @param step     what just happened
 * @param round    the round's number, from 1, counted across the runs of one journal
 * @param requests the requests in the round
 * @param batchId  the provider's id of its batch, or {@code null} before it was created
 * @param phase    the batch's phase at the last poll, or {@code null} before the first
 * @param waited   how long the round has waited since its batch was created (scheduler time)
 * @param answered requests answered, once the round ended
 * @param failed   requests without an answer, once the round ended (they go back to the retries)
 */
public record BatchProgress(Step step, int round, int requests, String batchId, BatchPhase phase, Duration waited,
        int answered, int failed) {

    /** The steps of a round, in order. */
    public enum Step {
        /** The round closed and its request keys are in the journal. */
        PLANNED,
        /** Its JSONL was uploaded. */
        UPLOADED,
        /** Its batch was created, or found again after a restart. */
        CREATED,
        /** A poll answered. */
        POLLED,
        /** Its results were read and its requests completed. */
        ENDED
    }
}
