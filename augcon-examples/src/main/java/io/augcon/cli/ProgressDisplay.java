package io.augcon.cli;

import io.augcon.core.AugConBuilder;
import io.augcon.core.run.RunCounters;
import java.io.PrintWriter;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarConsumer;

/**
 * How a run's progress reaches stderr: a progress bar (records written of the quota so far, rate,
 * ETA) when stderr is a terminal, where it redraws one line in place; the plain progress line
 * every few seconds otherwise (a log file, a CI job), where a redrawn bar would be noise.
 */
interface ProgressDisplay extends AutoCloseable {

    /** Plain lines every this many milliseconds when there is no terminal. */
    long PLAIN_PERIOD_MILLIS = 2000;

    /** Stops the display; a bar prints its final state. */
    @Override
    void close();

    /** Whether this JVM's standard streams are attached to a terminal (System.console() is). */
    static boolean onTerminal() {
        return System.console() != null;
    }

    /**
     * The display for a run configured by {@code builder}: on a terminal a {@link ProgressBarDisplay}
     * drawn by {@code barConsumer} and registered as a listener on {@code builder}; otherwise a
     * {@link ProgressPrinter} of {@code counters}' progress line to {@code err}. Either shows the
     * last failed call's message beside {@code PAUSED}, heard by a {@link LastFailure} registered
     * on {@code builder}. Call before {@link AugConBuilder#build()}.
     */
    static ProgressDisplay attach(AugConBuilder builder, RunCounters counters, PrintWriter err, boolean terminal,
            ProgressBarConsumer barConsumer) {
        LastFailure lastFailure = new LastFailure();
        builder.listener(lastFailure);
        if (!terminal) {
            return new ProgressPrinter(counters, lastFailure, err, PLAIN_PERIOD_MILLIS);
        }
        ProgressBarDisplay bar = new ProgressBarDisplay(barConsumer, lastFailure);
        builder.listener(bar);
        return bar;
    }

    /** {@link #attach} for the CLI: the terminal test of this JVM, the bar drawn on System.err. */
    static ProgressDisplay attach(AugConBuilder builder, RunCounters counters, PrintWriter err) {
        boolean terminal = onTerminal();
        return attach(builder, counters, err, terminal, terminal ? new ConsoleProgressBarConsumer(System.err) : null);
    }
}
