package io.augcon.core.internal.llm;

/**
 * The circuit breaker's memory: which of the last {@code capacity} answers failed, as a ring, so
 * the failure rate over them is known after each answer without keeping the answers.
 * Not thread-safe: {@link AdaptiveLimiter} holds its lock around it.
 */
final class FailureWindow {
    private final boolean[] failed;
    private int size;
    private int next;
    private int failures;

    FailureWindow(int capacity) {
        this.failed = new boolean[capacity];
    }

    /** Records one answer, pushing out the oldest once full; returns the failure rate over the window. */
    double add(boolean failure) {
        if (size == failed.length) {
            failures -= failed[next] ? 1 : 0;
        } else {
            size++;
        }
        failed[next] = failure;
        failures += failure ? 1 : 0;
        next = (next + 1) % failed.length;
        return failures / (double) size;
    }

    /** Answers in the window. */
    int size() {
        return size;
    }

    /** Forgets every answer (when the breaker closes). */
    void clear() {
        size = next = failures = 0;
    }
}
