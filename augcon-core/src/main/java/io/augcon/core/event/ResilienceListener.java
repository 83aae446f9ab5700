package io.augcon.core.event;

import io.augcon.api.LlmRequest;
import java.time.Duration;

/**
 * Hears what the resilience decorators do: retries, give-ups, truncation retries, changes of the
 * run-wide concurrency limit and circuit-breaker pauses, so that a run can count and show them.
 * Every method has an empty default; calls come from any thread and must be quick.
 */
public interface ResilienceListener {

    /** Hears nothing. */
    ResilienceListener NONE = new ResilienceListener() { };

    /** {@code request} failed with {@code error} ({@code failedAttempts} so far) and is retried after {@code delay}. */
    default void retryScheduled(LlmRequest request, Throwable error, int failedAttempts, Duration delay) {}

    /** {@code request} failed with a transient {@code error} on its last allowed attempt. */
    default void retriesExhausted(LlmRequest request, Throwable error, int attempts) {}

    /** An answer cut by the token limit is asked again, once, with {@code toTokens} instead of {@code fromTokens}. */
    default void truncationRetried(LlmRequest request, int fromTokens, int toTokens) {}

    /** The run-wide limit on requests in flight moved from {@code from} to {@code to}. */
    default void concurrencyLimitChanged(int from, int to) {}

    /** Requests are paused: the failure rate over the breaker's window reached its threshold. */
    default void circuitOpened(double failureRate, Duration pause) {}

    /** A probe succeeded and requests flow again, after a pause of {@code pausedFor}. */
    default void circuitClosed(Duration pausedFor) {}

    /**
     * The server refused a JSON Schema with {@code error}: the run falls back to the text layout
     * for its remaining calls. Heard at most once per run.
     */
    default void structuredOutputRefused(Throwable error) {}
}
