package io.augcon.llm.batch;

import java.util.Objects;

/**
 * One poll's answer about a batch.
 *
 * @param batchId      the provider's id of the batch
 * @param phase        where the batch is
 * @param outputFileId where its answers are, once it ended; {@code null} when there are none
 * @param errorFileId  where its failed requests are, once it ended; {@code null} when there are none
 */
public record BatchState(String batchId, BatchPhase phase, String outputFileId, String errorFileId) {
    /** @throws NullPointerException when the id or the phase is missing */
    public BatchState {
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(phase, "phase");
    }
}
