package io.augcon.cli;

import io.augcon.llm.batch.BatchListener;
import io.augcon.llm.batch.BatchPhase;
import io.augcon.llm.batch.BatchProgress;
import io.augcon.llm.batch.BatchStats;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * {@code --batch}'s lines on stderr: one when a round's batch is created, one when its status
 * changes, one when it ends; and the summary at the end of the run.
 */
final class BatchProgressLines implements BatchListener {
    private final PrintWriter err;
    private BatchPhase lastPhase;
    private int lastRound;

    BatchProgressLines(PrintWriter err) {
        this.err = err;
    }

    @Override
    public synchronized void step(BatchProgress p) {
        String line = switch (p.step()) {
            case CREATED -> "batch round " + p.round() + ": " + p.requests() + " requests in " + p.batchId();
            case POLLED -> p.round() == lastRound && p.phase() == lastPhase ? null
                    : "batch round " + p.round() + ": " + p.batchId() + " " + name(p.phase()) + " after " + text(p.waited());
            case ENDED -> "batch round " + p.round() + ": ended after " + text(p.waited()) + ", " + p.answered()
                    + " answered, " + p.failed() + " to ask again";
            default -> null;
        };
        if (p.step() == BatchProgress.Step.POLLED) {
            lastRound = p.round();
            lastPhase = p.phase();
        }
        if (line != null) {
            err.println("augcon: " + line);
        }
    }

    /** The run's batch summary: rounds, requests per round, waiting, and what the price is not. */
    static void summary(BatchStats stats, PrintWriter err) {
        err.println("augcon: batch: " + stats.rounds() + " rounds" + (stats.resumedRounds() > 0
                ? " (and " + stats.resumedRounds() + " resumed from the work dir)" : "") + ", requests per round "
                + stats.requestsPerRound() + ", " + text(stats.totalWait()) + " waited on batches in all");
        err.println("augcon: batch requests are billed at the provider's batch rate (OpenAI: about half the online"
                + " price); this run does not compute prices: multiply the tokens above by your rates");
    }

    private static String name(BatchPhase phase) {
        return phase == null ? "?" : phase.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String text(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s / 60 % 60) : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60)
                : s + "s";
    }
}
