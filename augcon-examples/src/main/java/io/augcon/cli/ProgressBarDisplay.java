package io.augcon.cli;

import io.augcon.api.RootContext;
import io.augcon.api.SftRecord;
import io.augcon.core.event.PipelineListener;
import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar of records written against the quota of the roots started so far, with the
 * rate and the ETA that {@code me.tongfei:progressbar} computes. The corpus streams, so the
 * total grows as roots start; the ETA is for the roots known at the time. While the breaker
 * pauses requests, the bar says {@code PAUSED} and the last failure's message.
 */
final class ProgressBarDisplay implements PipelineListener, ProgressDisplay {
    private final ProgressBar bar;
    private final LastFailure lastFailure;
    private long quota;

    ProgressBarDisplay(ProgressBarConsumer consumer, LastFailure lastFailure) {
        this.lastFailure = lastFailure;
        this.bar = new ProgressBarBuilder()
                .setTaskName("augcon")
                .setInitialMax(0)
                .setUnit(" records", 1)
                .showSpeed()
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .setConsumer(consumer)
                .build();
    }

    @Override
    public synchronized void rootStarted(RootContext root, int pairs) {
        quota += pairs;
        bar.maxHint(quota);
    }

    @Override
    public void recordWritten(SftRecord record) {
        bar.step();
    }

    @Override
    public void circuitOpened(double failureRate, Duration pause) {
        bar.setExtraMessage(lastFailure.paused());
    }

    @Override
    public void circuitClosed(Duration pausedFor) {
        bar.setExtraMessage("");
    }

    /** What the bar shows after its numbers: {@code PAUSED} and the last failure during a pause, else nothing. */
    String extraMessage() {
        return bar.getExtraMessage();
    }

    /** Records written so far, as the bar shows them. */
    long current() {
        return bar.getCurrent();
    }

    /** The quota of the roots started so far, the bar's total. */
    long max() {
        return bar.getMax();
    }

    @Override
    public void close() {
        bar.close();
    }
}
