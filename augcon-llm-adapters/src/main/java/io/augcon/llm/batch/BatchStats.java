package io.augcon.llm.batch;

import java.time.Duration;
import java.util.List;

/**
 * What a {@link BatchBackend} did so far, for a run's summary.
 *
 * @param requestsPerRound the requests of each round this process submitted, in round order
 * @param resumedRounds    rounds of an earlier run whose batches this process polled again
 * @param totalWait        the sum over ended rounds of the time from batch creation to results
 * @param openRounds       rounds submitted (or resumed) and not yet ended
 */
public record BatchStats(List<Integer> requestsPerRound, int resumedRounds, Duration totalWait, int openRounds) {
    /** Copies the list. */
    public BatchStats {
        requestsPerRound = List.copyOf(requestsPerRound);
    }

    /** Rounds this process submitted. */
    public int rounds() {
        return requestsPerRound.size();
    }
}
