package io.augcon.cli;

import io.augcon.core.run.RunCounters;
import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Prints the run's progress line to stderr every few seconds while a run lasts. */
final class ProgressPrinter implements ProgressDisplay {
    private final ScheduledExecutorService timer;

    ProgressPrinter(RunCounters counters, PrintWriter err, long periodMillis) {
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "augcon-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> err.println("augcon: " + counters.progressLine()),
                periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
