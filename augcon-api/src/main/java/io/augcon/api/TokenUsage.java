package io.augcon.api;

import io.augcon.api.internal.Knob;

/**
 * Tokens a request consumed.
 *
 * @param inputTokens  prompt tokens
 * @param outputTokens completion tokens
 */
public record TokenUsage(long inputTokens, long outputTokens) {
    /** No tokens, e.g. when a server reports no usage. */
    public static final TokenUsage ZERO = new TokenUsage(0, 0);

    /**
     * Checks the counts.
     *
     * @throws IllegalArgumentException if either count is negative
     */
    public TokenUsage {
        Knob.atLeast("inputTokens", inputTokens, 0);
        Knob.atLeast("outputTokens", outputTokens, 0);
    }

    /** The sum of both. */
    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(inputTokens + other.inputTokens, outputTokens + other.outputTokens);
    }

    /** Prompt and completion tokens together, as a per-request token budget counts them. */
    public long total() {
        return inputTokens + outputTokens;
    }
}
