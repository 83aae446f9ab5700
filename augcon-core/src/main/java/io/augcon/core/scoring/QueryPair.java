package io.augcon.core.scoring;

import java.util.Objects;

/**
 * One contrastive training pair: for the same context, a query the full prompt produced (or a
 * user preferred) and a worse one.
 *
 * @param context  the context both queries are about
 * @param positive the better query
 * @param negative the worse query
 * @param kind     how the negative was made, e.g. {@code brief-instruction} or {@code user}
 */
public record QueryPair(String context, String positive, String negative, String kind) {
    public QueryPair {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(positive, "positive");
        Objects.requireNonNull(negative, "negative");
        Objects.requireNonNull(kind, "kind");
    }
}
