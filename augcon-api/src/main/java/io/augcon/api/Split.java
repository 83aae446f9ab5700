package io.augcon.api;

import java.util.Objects;

/**
 * The two sub-contexts a context is split into. Each should read on its own; together they
 * should cover the parent.
 */
public record Split(String first, String second) {
    public Split {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
    }
}
