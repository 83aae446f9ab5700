package io.augcon.core.llm;

import static io.augcon.api.internal.Knob.atLeast;

import java.util.Objects;

/**
 * How the run treats its LLM: the run-wide bound on requests in flight, how calls survive a flaky
 * server, the budgets that stop a run cleanly and the per-minute rate limits that keep it under a
 * paid endpoint's quota. The run turns it
 * into decorators.
 *
 * <pre>{@code
 * LlmPolicy policy = LlmPolicy.DEFAULTS.withConcurrency(64).withMaxCalls(20_000)
 *         .withMaxRequestsPerMinute(500).withMaxTokensPerMinute(200_000);
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
 * @param maxRequestsPerMinute the most requests sent in any minute, for a paid endpoint's published
 *                       quota; 0 (the default) is unlimited. Requests past it wait instead of
 *                       coming back as 429s
 * @param maxTokensPerMinute the most tokens sent in any minute, each request estimated before it
 *                       goes (its text's characters / 4 plus its max tokens) and settled with the
 *                       usage its answer reports; 0 (the default) is unlimited
 * @param structuredOutput whether CST and judge calls ask the server to enforce a JSON Schema
 *                       (contracts §7; off by default). A server that refuses the field makes the
 *                       run fall back to the text layout once and say so ({@link StructuredOutput})
 * @param preflight      whether a run first checks that its LLM can answer at all
 *                       ({@link io.augcon.api.LlmBackend#preflight}, at most
 *                       5 s, {@code AugCon.PREFLIGHT_TIMEOUT}), so that a wrong URL,
 *                       key or model ends it in seconds with the server's words (on). Turn it
 *                       off for a server that cannot take the extra request
 */
public record LlmPolicy(int concurrency, Resilience resilience, long maxCalls, long maxTokensTotal,
        long maxRequestsPerMinute, long maxTokensPerMinute, boolean structuredOutput, boolean preflight) {
    /** A budget that is never spent. */
    public static final long UNLIMITED = Long.MAX_VALUE;

    /** 16 in flight, {@link Resilience#defaults()}, no budget, no rate limit, preflight on. */
    public static final LlmPolicy DEFAULTS =
            new LlmPolicy(16, Resilience.defaults(), UNLIMITED, UNLIMITED, 0, 0, false, true);

    /** @throws IllegalArgumentException naming the knob that is out of range */
    public LlmPolicy {
        atLeast("concurrency", concurrency, 1);
        Objects.requireNonNull(resilience, "resilience");
        atLeast("maxCalls", maxCalls, 0);
        atLeast("maxTokensTotal", maxTokensTotal, 0);
        atLeast("maxRequestsPerMinute", maxRequestsPerMinute, 0);
        atLeast("maxTokensPerMinute", maxTokensPerMinute, 0);
    }

    /** Whether a call or token budget is set. */
    public boolean hasBudget() {
        return maxCalls != UNLIMITED || maxTokensTotal != UNLIMITED;
    }

    /** Whether a requests- or tokens-per-minute limit is set. */
    public boolean hasRateLimit() {
        return maxRequestsPerMinute > 0 || maxTokensPerMinute > 0;
    }

    /** This policy with another bound on requests in flight. */
    public LlmPolicy withConcurrency(int value) {
        return new LlmPolicy(value, resilience, maxCalls, maxTokensTotal, maxRequestsPerMinute, maxTokensPerMinute,
                structuredOutput, preflight);
    }

    /** This policy with other resilience settings ({@link Resilience#off()} turns it all off). */
    public LlmPolicy withResilience(Resilience value) {
        return new LlmPolicy(concurrency, value, maxCalls, maxTokensTotal, maxRequestsPerMinute, maxTokensPerMinute,
                structuredOutput, preflight);
    }

    /** This policy with another call budget. */
    public LlmPolicy withMaxCalls(long value) {
        return new LlmPolicy(concurrency, resilience, value, maxTokensTotal, maxRequestsPerMinute, maxTokensPerMinute,
                structuredOutput, preflight);
    }

    /** This policy with another token budget. */
    public LlmPolicy withMaxTokensTotal(long value) {
        return new LlmPolicy(concurrency, resilience, maxCalls, value, maxRequestsPerMinute, maxTokensPerMinute,
                structuredOutput, preflight);
    }

    /** This policy with another requests-per-minute limit; 0 is unlimited. */
    public LlmPolicy withMaxRequestsPerMinute(long value) {
        return new LlmPolicy(concurrency, resilience, maxCalls, maxTokensTotal, value, maxTokensPerMinute,
                structuredOutput, preflight);
    }

    /** This policy asking for answers under a JSON Schema, or not. */
    public LlmPolicy withStructuredOutput(boolean value) {
        return new LlmPolicy(concurrency, resilience, maxCalls, maxTokensTotal, maxRequestsPerMinute, maxTokensPerMinute,
                value, preflight);
    }

    /** This policy checking its LLM before a run reads the corpus, or not ({@link #preflight()}). */
    public LlmPolicy withPreflight(boolean value) {
        return new LlmPolicy(concurrency, resilience, maxCalls, maxTokensTotal, maxRequestsPerMinute, maxTokensPerMinute,
                structuredOutput, value);
    }

    /** This policy with another tokens-per-minute limit; 0 is unlimited. */
    public LlmPolicy withMaxTokensPerMinute(long value) {
        return new LlmPolicy(concurrency, resilience, maxCalls, maxTokensTotal, maxRequestsPerMinute, value,
                structuredOutput, preflight);
    }
}
