package io.augcon.scorer;

import io.augcon.api.CandidateQuery;
import io.augcon.api.QueryScorer;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link QueryScorer} that scores (context, query) pairs of plain text: a candidate is scored
 * as {@code (node.text(), query)}. Higher is better.
 */
public interface PairScorer extends QueryScorer {

    /**
     * One score per pair {@code (contexts[i], queries[i])}; texts are encoded in one batch.
     *
     * @throws IllegalArgumentException when the lists differ in size
     */
    double[] score(List<String> contexts, List<String> queries);

    /** The score of one pair. */
    default double score(String context, String query) {
        return score(List.of(context), List.of(query))[0];
    }

    @Override
    default double[] score(List<CandidateQuery> candidates) {
        List<String> contexts = new ArrayList<>(candidates.size());
        List<String> queries = new ArrayList<>(candidates.size());
        for (CandidateQuery candidate : candidates) {
            contexts.add(candidate.node().text());
            queries.add(candidate.query());
        }
        return score(contexts, queries);
    }
}
