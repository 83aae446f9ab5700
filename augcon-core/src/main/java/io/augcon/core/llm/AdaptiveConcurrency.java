package io.augcon.core.llm;

import io.augcon.api.internal.Knob;
import java.time.Duration;

/**
 * How the run-wide concurrency limit follows the server (AIMD) and when a circuit breaker pauses
 * all requests: a value in {@link Resilience}; the run's limiter applies it.
 *
 * <pre>{@code
 * AdaptiveConcurrency patient = AdaptiveConcurrency.defaults()
 *     .withBreakerPause(Duration.ofSeconds(10), Duration.ofMinutes(2));
 * Resilience resilience = Resilience.builder().adaptive(patient).build();
 * }</pre>
 *
 * @param minLimit             the AIMD limit never falls below this
 * @param decrease             the share of the limit an overload wave cuts, in (0, 1)
 * @param breakerWindow        the last answers the failure rate is taken over
 * @param breakerMinCalls      answers in the window before the breaker may open
 * @param breakerThreshold     the failure rate that opens the breaker, in (0, 1]
 * @param breakerPause         the first pause
 * @param breakerMaxPause      the longest pause, reached by doubling
 * @param probesBeforeGivingUp failed probes in a row before queued requests fail
 */
public record AdaptiveConcurrency(
        int minLimit,
        double decrease,
        int breakerWindow,
        int breakerMinCalls,
        double breakerThreshold,
        Duration breakerPause,
        Duration breakerMaxPause,
        int probesBeforeGivingUp) {

    /**
     * Checks the settings against each other as well as one by one.
     *
     * @throws IllegalArgumentException if a value is out of the range listed above,
     *         {@code breakerMinCalls > breakerWindow}, or {@code breakerMaxPause < breakerPause}
     */
    public AdaptiveConcurrency {
        Knob.atLeast("minLimit", minLimit, 1);
        Knob.inOpenRange("decrease", decrease, 0, 1);
        Knob.atLeast("breakerWindow", breakerWindow, 1);
        Knob.atLeast("breakerMinCalls", breakerMinCalls, 1);
        if (breakerMinCalls > breakerWindow) {
            throw new IllegalArgumentException("breakerMinCalls must be <= breakerWindow ("
                    + breakerWindow + "), was " + breakerMinCalls);
        }
        Knob.inOpenClosed("breakerThreshold", breakerThreshold, 0, 1);
        Knob.positive("breakerPause", breakerPause);
        Knob.positive("breakerMaxPause", breakerMaxPause);
        if (breakerMaxPause.compareTo(breakerPause) < 0) {
            throw new IllegalArgumentException("breakerMaxPause must be >= breakerPause (" + breakerPause
                    + "), was " + breakerMaxPause);
        }
        Knob.atLeast("probesBeforeGivingUp", probesBeforeGivingUp, 1);
    }

    /**
     * Limit at least 1, cut by a quarter; breaker over the last 20 answers, at least 10, opening
     * at a failure rate of 0.5, pausing 5 s doubling to 60 s, giving up after 8 failed probes
     * (about six minutes of outage).
     */
    public static AdaptiveConcurrency defaults() {
        return new AdaptiveConcurrency(1, 0.25, 20, 10, 0.5, Duration.ofSeconds(5), Duration.ofSeconds(60), 8);
    }

    /** These settings with another breaker pause and longest pause. */
    public AdaptiveConcurrency withBreakerPause(Duration first, Duration longest) {
        return new AdaptiveConcurrency(minLimit, decrease, breakerWindow, breakerMinCalls, breakerThreshold, first, longest,
                probesBeforeGivingUp);
    }

    /** These settings with another breaker threshold, window and minimum number of answers. */
    public AdaptiveConcurrency withBreaker(double threshold, int window, int minCalls) {
        return new AdaptiveConcurrency(minLimit, decrease, window, minCalls, threshold, breakerPause, breakerMaxPause,
                probesBeforeGivingUp);
    }

    /** These settings with another number of failed probes before giving up. */
    public AdaptiveConcurrency withProbesBeforeGivingUp(int probes) {
        return new AdaptiveConcurrency(minLimit, decrease, breakerWindow, breakerMinCalls, breakerThreshold, breakerPause,
                breakerMaxPause, probes);
    }

}
