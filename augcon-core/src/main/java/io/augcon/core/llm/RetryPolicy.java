package io.augcon.core.llm;

import io.augcon.api.LlmException;
import io.augcon.api.internal.Knob;
import java.time.Duration;
import java.util.Optional;

/**
 * When and how long the run's retries wait before asking again. Transient failures are
 * retried: 5xx answers (but 501 and 505), 408, 425, 429, timeouts, broken connections and
 * answers that were not the protocol's format (a body cut short, an HTML error page). A 4xx
 * that every retry would repeat (400, 401, 403, 404) and an unusable model answer (handled by
 * the stages' re-asks) are not.
 *
 * <p>The wait before retry {@code n} (1-based) is {@code initialBackoff * multiplier^(n-1)},
 * capped at {@code maxBackoff}, with a random part cut off ({@code jitter} 0.5 waits between half
 * and all of it) so that requests failed together do not come back together. When the server
 * sent {@code Retry-After}, the wait is at least that (capped at {@code maxRetryAfter}).
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.builder().maxAttempts(6).initialBackoff(Duration.ofSeconds(1)).build();
 * }</pre>
 *
 * @param maxAttempts    calls per request at most, the first one included (1 = no retries)
 * @param initialBackoff the wait before the first retry, before jitter
 * @param multiplier     growth of the wait per retry
 * @param maxBackoff     the longest backoff, before jitter
 * @param jitter         the share of each wait that is random, in [0, 1]
 * @param maxRetryAfter  the longest server-requested wait honoured; longer requests wait this long
 */
public record RetryPolicy(
        int maxAttempts,
        Duration initialBackoff,
        double multiplier,
        Duration maxBackoff,
        double jitter,
        Duration maxRetryAfter) {

    /**
     * Checks the settings.
     *
     * @throws IllegalArgumentException if {@code maxAttempts} is below 1, a duration is not
     *         positive, {@code multiplier} is outside 1 to 10 or {@code jitter} outside 0 to 1
     */
    public RetryPolicy {
        Knob.atLeast("maxAttempts", maxAttempts, 1);
        Knob.positive("initialBackoff", initialBackoff);
        Knob.positive("maxBackoff", maxBackoff);
        Knob.positive("maxRetryAfter", maxRetryAfter);
        Knob.inRange("multiplier", multiplier, 1, 10);
        Knob.inRange("jitter", jitter, 0, 1);
    }

    /** 5 attempts, 0.5 s doubling to at most 30 s, jitter 0.5, {@code Retry-After} honoured up to 2 minutes. */
    public static RetryPolicy defaults() {
        return builder().build();
    }

    /** One attempt: failures pass straight through. */
    public static RetryPolicy none() {
        return builder().maxAttempts(1).build();
    }

    /** A builder that starts from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** True when {@code error} is a failure another attempt may not meet (see the class description). */
    public static boolean isTransient(Throwable error) {
        LlmException e = LlmException.find(error).orElse(null);
        if (e == null) {
            return false;
        }
        switch (e.kind()) {
            case RATE_LIMITED:
            case TIMEOUT:
            case CONNECTION:
            case MALFORMED_RESPONSE:
                return true;
            case HTTP_STATUS:
                int status = e.status().orElse(-1);
                return status == 408 || status == 425 || (status >= 500 && status != 501 && status != 505);
            default:
                return false;
        }
    }

    /**
     * The wait before retry {@code retry} (1 for the first) after {@code error}; {@code random}
     * is a uniform draw in [0, 1) that sets the jitter.
     */
    public Duration delayBefore(int retry, Throwable error, double random) {
        Knob.atLeast("retry", retry, 1);
        double nanos = initialBackoff.toNanos() * Math.pow(multiplier, retry - 1);
        nanos = Math.min(nanos, maxBackoff.toNanos());
        nanos *= 1 - jitter * random;
        Duration backoff = Duration.ofNanos((long) nanos);
        Optional<Duration> asked = retryAfter(error);
        if (asked.isEmpty()) {
            return backoff;
        }
        Duration honoured = asked.get().compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked.get();
        return honoured.compareTo(backoff) > 0 ? honoured : backoff;
    }

    /** The server's requested wait carried by {@code error} or its causes, if any. */
    static Optional<Duration> retryAfter(Throwable error) {
        return LlmException.find(error).flatMap(LlmException::retryAfter);
    }

    /** Builds a {@link RetryPolicy}; every setting starts at the {@link #defaults()}. */
    public static final class Builder {
        private int maxAttempts = 5;
        private Duration initialBackoff = Duration.ofMillis(500);
        private double multiplier = 2;
        private Duration maxBackoff = Duration.ofSeconds(30);
        private double jitter = 0.5;
        private Duration maxRetryAfter = Duration.ofMinutes(2);

        private Builder() {}

        /** Calls per request at most, the first one included (default 5). */
        public Builder maxAttempts(int value) {
            this.maxAttempts = value;
            return this;
        }

        /** The wait before the first retry (default 0.5 s). */
        public Builder initialBackoff(Duration value) {
            this.initialBackoff = value;
            return this;
        }

        /** Growth of the wait per retry (default 2). */
        public Builder multiplier(double value) {
            this.multiplier = value;
            return this;
        }

        /** The longest backoff (default 30 s). */
        public Builder maxBackoff(Duration value) {
            this.maxBackoff = value;
            return this;
        }

        /** The random share of each wait, 0 to 1 (default 0.5). */
        public Builder jitter(double value) {
            this.jitter = value;
            return this;
        }

        /** The longest {@code Retry-After} honoured (default 2 minutes). */
        public Builder maxRetryAfter(Duration value) {
            this.maxRetryAfter = value;
            return this;
        }

        /** @throws IllegalArgumentException naming the setting that is out of range */
        public RetryPolicy build() {
            return new RetryPolicy(maxAttempts, initialBackoff, multiplier, maxBackoff, jitter, maxRetryAfter);
        }
    }
}
