package io.augcon.core.llm;

import static io.augcon.api.internal.Knob.atLeast;

import java.util.Objects;

/**
 * How the run treats its LLM: the run-wide bound on requests in flight, how calls survive a flaky
 * server, and the budgets that stop a run cleanly. The run turns it
 * into decorators.
 *
 * <pre>{@code
 * LlmPolicy policy = LlmPolicy.DEFAULTS.withConcurrency(64).withMaxCalls(20_000);
 * }</pre>
 *
 * @param concurrency    LLM requests in flight at once over the whole run (16)
 * @param resilience     retries, timeout, adaptive concurrency and breaker, truncation retry
 *                       ({@link Resilience#defaults()})
 * @param maxCalls       the most LLM calls the run makes ({@link #UNLIMITED}); only
 *                       calls that reach the backend count, so answers replayed by a cache are free.
 *                       When it is spent the run stops with a
 *                       {@link io.augcon.core.llm.BudgetExhaustedException}; rerunning with the same
 *                       answer cache and a larger budget resumes
 * @param maxTokensTotal the most tokens (input plus output, as the answers report them) the run's
 *                       calls use ({@link #UNLIMITED}); calls already in flight may
 *                       overshoot it by their own usage
 */
public record LlmPolicy(int concurrency, Resilience resilience, long maxCalls, long maxTokensTotal) {
    /** A budget that is never spent. */
    public static final long UNLIMITED = Long.MAX_VALUE;

    /** 16 in flight, {@link Resilience#defaults()}, no budget. */
    public static final LlmPolicy DEFAULTS =
            new LlmPolicy(16, Resilience.defaults(), UNLIMITED, UNLIMITED);

    /** @throws IllegalArgumentException naming the knob that is out of range */
    public LlmPolicy {
        atLeast("concurrency", concurrency, 1);
        Objects.requireNonNull(resilience, "resilience");
        atLeast("maxCalls", maxCalls, 0);
        atLeast("maxTokensTotal", maxTokensTotal, 0);
    }

    /** Whether a call or token budget is set. */
    public boolean hasBudget() {
        return maxCalls != UNLIMITED || maxTokensTotal != UNLIMITED;
    }

    /** This policy with another bound on requests in flight. */
    public LlmPolicy withConcurrency(int value) {
        return new LlmPolicy(value, resilience, maxCalls, maxTokensTotal);
    }

    /** This policy with other resilience settings ({@link Resilience#off()} turns it all off). */
    public LlmPolicy withResilience(Resilience value) {
        return new LlmPolicy(concurrency, value, maxCalls, maxTokensTotal);
    }

    /** This policy with another call budget. */
    public LlmPolicy withMaxCalls(long value) {
        return new LlmPolicy(concurrency, resilience, value, maxTokensTotal);
    }

    /** This policy with another token budget. */
    public LlmPolicy withMaxTokensTotal(long value) {
        return new LlmPolicy(concurrency, resilience, maxCalls, value);
    }
}
