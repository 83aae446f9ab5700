package io.augcon.core.llm;

import io.augcon.api.LlmBackend;
import io.augcon.api.Scheduler;
import java.time.Duration;
import java.util.Objects;

/**
 * How a run's LLM calls survive a flaky server: retries with backoff, a per-request timeout,
 * adaptive concurrency with a circuit breaker, and one retry with more tokens for a truncated
 * answer. {@link io.augcon.core.AugConBuilder#resilience} takes one; {@link #defaults()} is on.
 *
 * <pre>{@code
 * AugCon augcon = AugCon.builder()
 *     .llm(backend)
 *     .resilience(Resilience.builder()
 *         .retry(RetryPolicy.builder().maxAttempts(8).build())
 *         .requestTimeout(Duration.ofSeconds(90))
 *         .build())
 *     .build();
 * }</pre>
 *
 * <p>The decorators sit in this order, outermost first: truncation retry, retries, the run-wide
 * concurrency limiter (adaptive when {@link Builder#adaptive} is set), the builder's own
 * decorators, metering, the timeout, the backend. Retries therefore wait without holding a
 * slot, re-enter the queue with their priority, and every attempt is metered and counted.
 */
public final class Resilience {
    private final RetryPolicy retry;
    private final Duration requestTimeout;
    private final AdaptiveConcurrency.Settings adaptive;
    private final double truncationRetryFactor;
    private final int truncationMaxTokens;
    private final Scheduler scheduler;

    private Resilience(Builder b) {
        this.retry = b.retry;
        this.requestTimeout = b.requestTimeout;
        this.adaptive = b.adaptive;
        this.truncationRetryFactor = b.truncationRetryFactor;
        this.truncationMaxTokens = b.truncationMaxTokens;
        this.scheduler = b.scheduler;
    }

    /**
     * Retries on ({@link RetryPolicy#defaults()}), adaptive concurrency and the breaker on
     * ({@link AdaptiveConcurrency.Settings#defaults()}), truncated answers retried once with twice
     * the tokens (at most 32768), no timeout beyond the backend's own, the system clock.
     */
    public static Resilience defaults() {
        return builder().build();
    }

    /** Nothing: no retries, a fixed concurrency limit, truncated answers passed on as they are. */
    public static Resilience off() {
        return builder().retry(RetryPolicy.none()).adaptive(null).truncationRetry(1, 1).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.retry = retry;
        b.requestTimeout = requestTimeout;
        b.adaptive = adaptive;
        b.truncationRetryFactor = truncationRetryFactor;
        b.truncationMaxTokens = truncationMaxTokens;
        b.scheduler = scheduler;
        return b;
    }

    public RetryPolicy retry() {
        return retry;
    }

    /** The per-request timeout, or {@code null} for none beyond the backend's own. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** The adaptive-concurrency settings, or {@code null} for a fixed limit. */
    public AdaptiveConcurrency.Settings adaptive() {
        return adaptive;
    }

    /** {@code backend} with the per-request timeout, if one is set: the innermost decorator. */
    public LlmBackend timed(LlmBackend backend) {
        return requestTimeout == null ? backend : new TimeoutBackend(backend, requestTimeout, scheduler);
    }

    /**
     * Wraps {@code inner} (the metered, decorated backend) in the limiter and the retrying
     * decorators.
     *
     * @param concurrency the most requests in flight at once
     * @param listener    hears retries, limit changes and pauses
     */
    public Chain around(LlmBackend inner, int concurrency, ResilienceListener listener) {
        Objects.requireNonNull(listener, "listener");
        AdaptiveConcurrency controller = null;
        ConcurrencyLimitedBackend limiter;
        if (adaptive != null) {
            controller = AdaptiveConcurrency.around(inner, concurrency, adaptive, scheduler, listener);
            limiter = controller.limiter();
        } else {
            limiter = new ConcurrencyLimitedBackend(inner, concurrency);
        }
        LlmBackend outer = retry.maxAttempts() > 1 ? new RetryingBackend(limiter, retry, scheduler, listener) : limiter;
        if (truncationRetryFactor > 1) {
            outer = new TruncationRetryBackend(outer, truncationRetryFactor, truncationMaxTokens, listener);
        }
        return new Chain(outer, limiter, controller);
    }

    @Override
    public String toString() {
        return "Resilience[retry=" + retry + ", requestTimeout=" + requestTimeout + ", adaptive=" + adaptive
                + ", truncationRetryFactor=" + truncationRetryFactor + "]";
    }

    /**
     * The assembled decorators.
     *
     * @param backend    what the stages call
     * @param limiter    the run-wide limiter inside it
     * @param controller drives the limiter, or {@code null} for a fixed limit
     */
    public record Chain(LlmBackend backend, ConcurrencyLimitedBackend limiter, AdaptiveConcurrency controller) {}

    /** Builds {@link Resilience}; every setting starts at {@link #defaults()}. */
    public static final class Builder {
        private RetryPolicy retry = RetryPolicy.defaults();
        private Duration requestTimeout;
        private AdaptiveConcurrency.Settings adaptive = AdaptiveConcurrency.Settings.defaults();
        private double truncationRetryFactor = 2;
        private int truncationMaxTokens = 32_768;
        private Scheduler scheduler = Scheduler.system();

        private Builder() {}

        /** When to retry a failed call ({@link RetryPolicy#none()} never does). */
        public Builder retry(RetryPolicy value) {
            this.retry = Objects.requireNonNull(value, "retry");
            return this;
        }

        /**
         * Fails a call with no answer after {@code value}; {@code null} (the default) leaves it to
         * the backend, as the HTTP backends time out by themselves.
         *
         * @throws IllegalArgumentException when {@code value} is zero or negative
         */
        public Builder requestTimeout(Duration value) {
            if (value != null && (value.isZero() || value.isNegative())) {
                throw new IllegalArgumentException("requestTimeout must be positive, was " + value);
            }
            this.requestTimeout = value;
            return this;
        }

        /** Adaptive concurrency and circuit breaker settings; {@code null} keeps the limit fixed. */
        public Builder adaptive(AdaptiveConcurrency.Settings value) {
            this.adaptive = value;
            return this;
        }

        /**
         * A truncated answer is asked again once with {@code factor} times its tokens, at most
         * {@code maxTokens}; factor 1 turns this off (default 2 and 32768).
         *
         * @throws IllegalArgumentException when {@code factor} is not in [1, 16] or {@code maxTokens < 1}
         */
        public Builder truncationRetry(double factor, int maxTokens) {
            if (!(factor >= 1 && factor <= 16)) {
                throw new IllegalArgumentException("truncationRetry factor must be in [1, 16], was " + factor);
            }
            if (maxTokens < 1) {
                throw new IllegalArgumentException("truncationRetry maxTokens must be >= 1, was " + maxTokens);
            }
            this.truncationRetryFactor = factor;
            this.truncationMaxTokens = maxTokens;
            return this;
        }

        /** The clock and timer of backoff, timeouts and pauses (default {@link Scheduler#system()}). */
        public Builder scheduler(Scheduler value) {
            this.scheduler = Objects.requireNonNull(value, "scheduler");
            return this;
        }

        public Resilience build() {
            return new Resilience(this);
        }
    }
}
