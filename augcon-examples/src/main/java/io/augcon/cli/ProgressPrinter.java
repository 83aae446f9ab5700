package io.augcon.cli;

import io.augcon.api.internal.DaemonThreads;
import io.augcon.core.run.RunCounters;
import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Prints the run's progress line to stderr every few seconds while a run lasts; while the breaker
 * pauses requests, the last failure's message follows {@code PAUSED}.
 */
final class ProgressPrinter implements ProgressDisplay {
    private static final String PAUSED = " | PAUSED";

    private final RunCounters counters;
    private final LastFailure lastFailure;
    private final ScheduledExecutorService timer;

    ProgressPrinter(RunCounters counters, LastFailure lastFailure, PrintWriter err, long periodMillis) {
        this.counters = counters;
        this.lastFailure = lastFailure;
        this.timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("augcon-progress"));
        timer.scheduleAtFixedRate(() -> err.println("augcon: " + line()),
                periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** The counters' progress line, with the last failure beside {@code PAUSED} when it shows. */
    String line() {
        return counters.progressLine().replace(PAUSED, " | " + lastFailure.paused());
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
