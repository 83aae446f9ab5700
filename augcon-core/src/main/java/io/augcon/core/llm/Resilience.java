package io.augcon.core.llm;

import io.augcon.api.internal.Knob;
import java.time.Duration;
import java.util.Objects;

/**
 * How a run's LLM calls survive a flaky server: retries with backoff, a per-request timeout,
 * adaptive concurrency with a circuit breaker, and one retry with more tokens for a truncated
 * answer. A value: the run puts the decorators it names around the backend, on the
 * run's {@link io.augcon.api.Scheduler}. {@link #defaults()} is on; {@link #off()} turns it all off.
 *
 * <pre>{@code
 * Resilience patient = Resilience.builder()
 *     .retry(RetryPolicy.builder().maxAttempts(8).build())
 *     .requestTimeout(Duration.ofSeconds(90))
 *     .build();
 * AugCon augcon = AugCon.builder().llm(backend).llmPolicy(p -> p.withResilience(patient)).build();
 * }</pre>
 *
 * @param retry                 when to retry a failed call ({@link RetryPolicy#none()} never does)
 * @param requestTimeout        fails a call with no answer after this long, or {@code null} to leave it
 *                              to the backend, as the HTTP backends time out by themselves
 * @param adaptive              adaptive concurrency and circuit breaker settings, or {@code null} for a
 *                              fixed concurrency limit
 * @param truncationRetryFactor a truncated answer is asked again once with this many times its tokens;
 *                              1 turns it off
 * @param truncationMaxTokens   the most tokens such a retry asks for
 */
public record Resilience(
        RetryPolicy retry,
        Duration requestTimeout,
        AdaptiveConcurrency adaptive,
        double truncationRetryFactor,
        int truncationMaxTokens) {

    /** @throws IllegalArgumentException naming the setting that is out of range */
    public Resilience {
        Objects.requireNonNull(retry, "retry");
        if (requestTimeout != null) {
            Knob.positive("requestTimeout", requestTimeout);
        }
        Knob.inRange("truncationRetry factor", truncationRetryFactor, 1, 16);
        Knob.atLeast("truncationRetry maxTokens", truncationMaxTokens, 1);
    }

    /**
     * Retries on ({@link RetryPolicy#defaults()}), adaptive concurrency and the breaker on
     * ({@link AdaptiveConcurrency#defaults()}), truncated answers retried once with twice
     * the tokens (at most 32768), no timeout beyond the backend's own.
     */
    public static Resilience defaults() {
        return new Resilience(RetryPolicy.defaults(), null, AdaptiveConcurrency.defaults(), 2, 32_768);
    }

    /** Nothing: no retries, a fixed concurrency limit, truncated answers passed on as they are. */
    public static Resilience off() {
        return new Resilience(RetryPolicy.none(), null, null, 1, 1);
    }

    /** A builder that starts from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder(defaults());
    }

    /** A builder that starts from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds {@link Resilience}; each setter checks its value at once. */
    public static final class Builder {
        private Resilience value;

        private Builder(Resilience start) {
            this.value = start;
        }

        /** When to retry a failed call ({@link RetryPolicy#none()} never does). */
        public Builder retry(RetryPolicy retry) {
            value = new Resilience(retry, value.requestTimeout, value.adaptive, value.truncationRetryFactor,
                    value.truncationMaxTokens);
            return this;
        }

        /** Fails a call with no answer after {@code timeout}; {@code null} (the default) leaves it to the backend. */
        public Builder requestTimeout(Duration timeout) {
            value = new Resilience(value.retry, timeout, value.adaptive, value.truncationRetryFactor,
                    value.truncationMaxTokens);
            return this;
        }

        /** Adaptive concurrency and circuit breaker settings; {@code null} keeps the limit fixed. */
        public Builder adaptive(AdaptiveConcurrency adaptive) {
            value = new Resilience(value.retry, value.requestTimeout, adaptive, value.truncationRetryFactor,
                    value.truncationMaxTokens);
            return this;
        }

        /**
         * A truncated answer is asked again once with {@code factor} times its tokens, at most
         * {@code maxTokens}; factor 1 turns this off (default 2 and 32768).
         */
        public Builder truncationRetry(double factor, int maxTokens) {
            value = new Resilience(value.retry, value.requestTimeout, value.adaptive, factor, maxTokens);
            return this;
        }

        /** The settings; every value was checked when it was set. */
        public Resilience build() {
            return value;
        }
    }
}
