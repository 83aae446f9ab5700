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
 * <p>Every backend gets the request timeout, {@link #DEFAULT_REQUEST_TIMEOUT} (10 minutes) by
 * default, so a backend whose answer never comes cannot hang a run. It is generous on purpose:
 * the HTTP backends time out sooner by themselves (120 s), so it only catches what they, or a
 * backend of your own, do not. {@code requestTimeout(Resilience.NO_REQUEST_TIMEOUT)} switches it
 * off.
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
 * @param requestTimeout        fails a call with no answer after this long ({@link #DEFAULT_REQUEST_TIMEOUT});
 *                              {@link #NO_REQUEST_TIMEOUT} (zero) leaves it to the backend, and so does
 *                              {@code null}, which is read as zero (configurations written before the
 *                              default existed say {@code null})
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

    /**
     * The default request timeout, 10 minutes: far above any answer a healthy server takes, well
     * below "forever".
     */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(10);

    /** A {@link #requestTimeout()} that sets no timeout: a call waits as long as its backend lets it. */
    public static final Duration NO_REQUEST_TIMEOUT = Duration.ZERO;

    /** @throws IllegalArgumentException naming the setting that is out of range */
    public Resilience {
        Objects.requireNonNull(retry, "retry");
        requestTimeout = Knob.notNegative("requestTimeout", requestTimeout == null ? NO_REQUEST_TIMEOUT : requestTimeout);
        Knob.inRange("truncationRetry factor", truncationRetryFactor, 1, 16);
        Knob.atLeast("truncationRetry maxTokens", truncationMaxTokens, 1);
    }

    /**
     * Retries on ({@link RetryPolicy#defaults()}), adaptive concurrency and the breaker on
     * ({@link AdaptiveConcurrency#defaults()}), truncated answers retried once with twice
     * the tokens (at most 32768), and no answer waited for longer than {@link #DEFAULT_REQUEST_TIMEOUT}.
     */
    public static Resilience defaults() {
        return new Resilience(RetryPolicy.defaults(), DEFAULT_REQUEST_TIMEOUT, AdaptiveConcurrency.defaults(), 2, 32_768);
    }

    /**
     * Nothing: no retries, no request timeout beyond the backend's own, a fixed concurrency limit,
     * truncated answers passed on as they are.
     */
    public static Resilience off() {
        return new Resilience(RetryPolicy.none(), NO_REQUEST_TIMEOUT, null, 1, 1);
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

        /**
         * Fails a call with no answer after {@code timeout} ({@link #DEFAULT_REQUEST_TIMEOUT} by default);
         * {@link #NO_REQUEST_TIMEOUT} switches the timeout off and leaves it to the backend.
         */
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
