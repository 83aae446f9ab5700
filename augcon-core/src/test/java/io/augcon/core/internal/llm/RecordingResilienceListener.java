package io.augcon.core.internal.llm;

import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.core.event.ResilienceListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Writes down every resilience event, for assertions. */
final class RecordingResilienceListener implements ResilienceListener {
    final List<Duration> retryDelays = new CopyOnWriteArrayList<>();
    final List<LlmException.Kind> retryKinds = new CopyOnWriteArrayList<>();
    final List<Integer> exhausted = new CopyOnWriteArrayList<>();
    final List<int[]> truncations = new CopyOnWriteArrayList<>();
    final List<Integer> limits = new CopyOnWriteArrayList<>();
    final List<Duration> pauses = new CopyOnWriteArrayList<>();
    final List<Duration> closedAfter = new CopyOnWriteArrayList<>();

    @Override
    public void retryScheduled(LlmRequest request, Throwable error, int failedAttempts, Duration delay) {
        retryDelays.add(delay);
        retryKinds.add(LlmException.kindOf(error));
    }

    @Override
    public void retriesExhausted(LlmRequest request, Throwable error, int attempts) {
        exhausted.add(attempts);
    }

    @Override
    public void truncationRetried(LlmRequest request, int fromTokens, int toTokens) {
        truncations.add(new int[] {fromTokens, toTokens});
    }

    @Override
    public void concurrencyLimitChanged(int from, int to) {
        limits.add(to);
    }

    @Override
    public void circuitOpened(double failureRate, Duration pause) {
        pauses.add(pause);
    }

    @Override
    public void circuitClosed(Duration pausedFor) {
        closedAfter.add(pausedFor);
    }
}
