package io.augcon.core.filter;

import io.augcon.api.Language;
import io.augcon.api.internal.Knob;
import io.augcon.core.text.RougeL;
import io.augcon.core.text.RougeMeasure;
import io.augcon.core.text.TokenIds;
import io.augcon.core.text.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The paper's greedy deduplication: walk the ranked queries, keep one only if it is not too
 * close (ROUGE-L) to any query kept before it, stop at the quota. Greedy in rank order, so when
 * two queries collide the better-scored one survives.
 *
 * <p>The new query is the ROUGE-L candidate and each kept query the reference. With
 * {@link RougeMeasure#PRECISION} (the paper) a short query that is a near-subsequence of a kept
 * longer one is a duplicate, while a long query that merely contains a kept short one is not;
 * {@link RougeMeasure#F_MEASURE} (the reference implementation) is symmetric. A query is dropped
 * when its score is at or above the threshold (the paper keeps queries "below 0.7"; the
 * reference drops only above it, which differs only on exact ties).
 *
 * <p>Immutable and thread-safe; each call keeps its own token dictionary.
 *
 * <pre>{@code
 * QueryFilter filter = new QueryFilter(0.7, RougeMeasure.PRECISION);
 * QueryFilter.Selection s = filter.select(List.of(
 *         "How do large cells get enough nutrients?",
 *         "How do large cells get nutrients?",
 *         "Where are microvilli found?"), Language.EN, 2);
 * s.kept();    // [0, 2]
 * s.dropped(); // [Drop[index=1, duplicateOf=0, rouge=1.0]]
 * }</pre>
 */
public final class QueryFilter {

    private final double threshold;
    private final RougeMeasure measure;

    /**
     * @param threshold the ROUGE-L score at which a query counts as a duplicate, in (0, 1];
     *     the paper uses 0.7
     * @param measure which ROUGE-L view the threshold applies to
     * @throws IllegalArgumentException when {@code threshold} is outside (0, 1]: at 0 every
     *     query after the first would be a duplicate, above 1 none could be
     */
    public QueryFilter(double threshold, RougeMeasure measure) {
        this.threshold = Knob.inOpenClosed("ROUGE-L threshold", threshold, 0, 1);
        this.measure = Objects.requireNonNull(measure, "measure");
    }

    /**
     * Selects up to {@code quota} queries from {@code rankedQueries} (best first). Each query
     * is tokenised at most once, and only when it is examined.
     *
     * <p>Once {@code quota} queries are kept the walk stops: the queries after that point are
     * in neither {@link Selection#kept()} nor {@link Selection#dropped()}. A query with no word
     * tokens scores 0 against everything and is kept; screening out empty questions is the
     * generator's job.
     *
     * @param quota the most queries to keep (the root's gen_count); 0 keeps none
     */
    public Selection select(List<String> rankedQueries, Language language, int quota) {
        Objects.requireNonNull(rankedQueries, "rankedQueries");
        Objects.requireNonNull(language, "language");
        TokenIds vocabulary = new TokenIds();
        return walk(rankedQueries.size(), quota,
                i -> Tokenizer.ids(rankedQueries.get(i), language, vocabulary));
    }

    /**
     * The same selection for queries already tokenised into ids of one {@link TokenIds}, for a
     * caller that reruns the filter as new candidates arrive and keeps the arrays between runs.
     */
    public Selection selectTokenized(List<int[]> rankedTokenIds, int quota) {
        Objects.requireNonNull(rankedTokenIds, "rankedTokenIds");
        return walk(rankedTokenIds.size(), quota, rankedTokenIds::get);
    }

    private Selection walk(int size, int quota, TokenSource tokens) {
        Knob.atLeast("quota", quota, 0);
        List<Integer> kept = new ArrayList<>(Math.min(size, quota));
        List<int[]> keptTokens = new ArrayList<>(Math.min(size, quota));
        List<Drop> dropped = new ArrayList<>();
        for (int i = 0; i < size && kept.size() < quota; i++) {
            int[] candidate = Objects.requireNonNull(tokens.of(i), "query " + i);
            Drop collision = firstCollision(i, candidate, kept, keptTokens);
            if (collision == null) {
                kept.add(i);
                keptTokens.add(candidate);
            } else {
                dropped.add(collision);
            }
        }
        return new Selection(kept, dropped);
    }

    private Drop firstCollision(int index, int[] candidate, List<Integer> kept,
            List<int[]> keptTokens) {
        for (int k = 0; k < keptTokens.size(); k++) {
            double rouge = measure.of(RougeL.score(candidate, keptTokens.get(k)));
            if (rouge >= threshold) {
                return new Drop(index, kept.get(k), rouge);
            }
        }
        return null;
    }

    /** The threshold this filter was built with, for provenance. */
    public double threshold() {
        return threshold;
    }

    /** The ROUGE-L view this filter compares, for provenance. */
    public RougeMeasure measure() {
        return measure;
    }

    @FunctionalInterface
    private interface TokenSource {
        int[] of(int index);
    }

    /**
     * What the filter decided, by index into the ranked input, so the caller keeps its own
     * query objects (with their nodes and scores) and can report why each drop happened.
     *
     * @param kept indices of the kept queries, in rank order
     * @param dropped the queries examined and rejected, in rank order; queries after the quota
     *     was reached were never examined and appear in neither list
     */
    public record Selection(List<Integer> kept, List<Drop> dropped) {
        /** Copies both lists, so a selection handed to several stages cannot change. */
        public Selection {
            kept = List.copyOf(kept);
            dropped = List.copyOf(dropped);
        }
    }

    /**
     * One rejected query.
     *
     * @param index the rejected query's index in the ranked input
     * @param duplicateOf index of the first kept query it scored at or above the threshold
     *     against (kept queries are checked in rank order)
     * @param rouge that score, in the filter's measure
     */
    public record Drop(int index, int duplicateOf, double rouge) {
    }
}
