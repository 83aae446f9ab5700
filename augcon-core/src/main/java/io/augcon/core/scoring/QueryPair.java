package io.augcon.core.scoring;

import io.augcon.api.internal.Knob;
import java.util.Objects;

/**
 * One contrastive training pair: for the same context, a query the full prompt produced (or a
 * user preferred) and a worse one.
 *
 * @param context  the context both queries are about
 * @param positive the better query
 * @param negative the worse query
 * @param kind     how the negative was made, e.g. {@code brief-instruction} or {@code user}
 *
 * <pre>{@code
 * new QueryPair("Tides rise twice a day because ...", "Why are there two high tides a day?", "What is this about?", "user");
 * }</pre>
 */
public record QueryPair(String context, String positive, String negative, String kind) {
    /** Rejects null and blank texts and a null kind. */
    public QueryPair {
        Knob.notBlank("context", context);
        Knob.notBlank("positive", positive);
        Knob.notBlank("negative", negative);
        Objects.requireNonNull(kind, "kind");
    }
}
