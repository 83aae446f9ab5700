package io.augcon.api;

import java.util.Objects;

/**
 * The two sub-contexts a context is split into. Each should read on its own; together they
 * should cover the parent.
 *
 * @param first  the first sub-context (the child at path digit {@code 1})
 * @param second the second sub-context (the child at path digit {@code 2})
 */
public record Split(String first, String second) {
    /**
     * Checks that both halves are given; whether they are usable (not empty, not a copy of the
     * parent) is the engine's rule, not this record's.
     *
     * @throws NullPointerException if either half is {@code null}
     */
    public Split {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
    }
}
