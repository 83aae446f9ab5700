package io.augcon.api;

import java.util.List;

/**
 * Scores candidate questions so the filter can keep the best first. Higher is better.
 *
 * <pre>{@code
 * QueryScorer byLength = candidates -> candidates.stream()
 *     .mapToDouble(c -> -Math.abs(c.query().length() - 40))
 *     .toArray();
 * }</pre>
 */
@FunctionalInterface
public interface QueryScorer extends Stage {

    /** One score per candidate, in the candidates' order. */
    double[] score(List<CandidateQuery> candidates);

    /**
     * Whether the scores mean anything. A scorer that does not rank leaves candidates in
     * generation order and records carry no score.
     */
    default boolean ranks() {
        return true;
    }


    /** Keeps candidates in generation order (root first, then by depth and path); records get no score. */
    static QueryScorer generationOrder() {
        return new QueryScorer() {
            @Override
            public double[] score(List<CandidateQuery> candidates) {
                return new double[candidates.size()];
            }

            @Override
            public boolean ranks() {
                return false;
            }

            @Override
            public String id() {
                return "generation-order";
            }
        };
    }
}
