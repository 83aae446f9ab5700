package io.augcon.api;

import java.util.Objects;

/** A question generated for one tree node, before ranking and filtering. */
public record CandidateQuery(String query, ContextNode node) {
    public CandidateQuery {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(node, "node");
    }
}
