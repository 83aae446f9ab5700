package io.augcon.api;

import java.util.Objects;

/**
 * A question generated for one tree node, before ranking and filtering.
 *
 * @param query the question's text as the generator gave it
 * @param node  the tree node whose context the question is about; its answer is written from it
 */
public record CandidateQuery(String query, ContextNode node) {
    /**
     * Checks that both components are given.
     *
     * @throws NullPointerException if {@code query} or {@code node} is {@code null}
     */
    public CandidateQuery {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(node, "node");
    }
}
