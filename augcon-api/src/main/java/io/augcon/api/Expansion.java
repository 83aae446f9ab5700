package io.augcon.api;

import io.augcon.api.internal.Knob;
import java.util.Objects;
import java.util.Optional;

/**
 * What expanding one tree node produced: a question about the node's context, a split into two
 * sub-contexts, or both. Either may be absent (a context that cannot be split further, a
 * question the model did not give).
 *
 * <p>The engine, not the expander, applies the method's rules to what is returned (minimum
 * question length, degenerate splits, the hallucination check).
 *
 * @param query          the question, if one was produced
 * @param split          the split, if one was produced
 * @param failedAttempts how many unusable answers (unparseable output, truncation) the expander
 *                       had to retry before this one, for accounting
 */
public record Expansion(Optional<String> query, Optional<Split> split, int failedAttempts) {
    /**
     * Checks the components; use {@code Optional.empty()} for a missing part, never {@code null}.
     *
     * @throws NullPointerException if {@code query} or {@code split} is {@code null}
     * @throws IllegalArgumentException if {@code failedAttempts} is negative
     */
    public Expansion {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(split, "split");
        Knob.atLeast("failedAttempts", failedAttempts, 0);
    }

    /** An expansion with both parts given (either may be {@code null}) and no failed attempts. */
    public static Expansion of(String query, Split split) {
        return new Expansion(Optional.ofNullable(query), Optional.ofNullable(split), 0);
    }
}
