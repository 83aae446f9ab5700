package io.augcon.core.text;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * ROUGE-L between two token sequences, computed as the Python {@code rouge-score} package does
 * (longest common subsequence; precision over the candidate, recall over the reference), so
 * thresholds taken from the paper (0.7) mean the same here.
 *
 * <p>The paper's filter compares every candidate query with every kept one, and the
 * hallucination check compares each sub-context with its parent, so this runs thousands of
 * times per root: the core works on {@code int[]} token ids with one row of
 * {@code min(n, m) + 1} ints and no other allocation.
 *
 * <pre>{@code
 * RougeScore s = RougeL.score(
 *         Tokenizer.tokens("the cat sat on the mat", Language.EN),
 *         Tokenizer.tokens("the cat lay on a mat", Language.EN));
 * s.precision(); // LCS "the cat on mat" = 4 of 6
 * }</pre>
 */
public final class RougeL {

    private RougeL() {
    }

    /**
     * Scores {@code candidate} against {@code reference} when the tokens are not yet ids. Maps
     * the reference's tokens to ids once (candidate tokens absent from the reference can never
     * match, so they all share one id that no reference token has).
     */
    public static RougeScore score(List<String> candidate, List<String> reference) {
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(reference, "reference");
        if (candidate.isEmpty() || reference.isEmpty()) {
            return RougeScore.ZERO;
        }
        Map<String, Integer> ids = new HashMap<>(reference.size() * 2);
        int[] ref = new int[reference.size()];
        for (int i = 0; i < ref.length; i++) {
            Integer fresh = ids.size();
            Integer id = ids.putIfAbsent(reference.get(i), fresh);
            ref[i] = id == null ? fresh : id;
        }
        int[] cand = new int[candidate.size()];
        for (int i = 0; i < cand.length; i++) {
            cand[i] = ids.getOrDefault(candidate.get(i), -1);
        }
        return score(cand, ref);
    }

    /**
     * Scores two id sequences made by the same {@link TokenIds} (or any consistent mapping).
     * This is the fast path the query filter uses.
     */
    public static RougeScore score(int[] candidate, int[] reference) {
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(reference, "reference");
        if (candidate.length == 0 || reference.length == 0) {
            return RougeScore.ZERO;
        }
        int lcs = lcsLength(candidate, reference);
        if (lcs == 0) {
            return RougeScore.ZERO;
        }
        double precision = (double) lcs / candidate.length;
        double recall = (double) lcs / reference.length;
        return new RougeScore(precision, recall, 2 * precision * recall / (precision + recall));
    }

    /**
     * Length of the longest common subsequence of {@code a} and {@code b}, in O(|a|·|b|) time
     * and O(min(|a|, |b|)) memory: the classic table, kept one row at a time over the shorter
     * sequence.
     */
    public static int lcsLength(int[] a, int[] b) {
        int[] outer = a.length >= b.length ? a : b;
        int[] inner = outer == a ? b : a;
        if (inner.length == 0) {
            return 0;
        }
        int[] row = new int[inner.length + 1];
        for (int token : outer) {
            // row[j] holds the previous outer row until overwritten; diagonal carries row[j-1]
            // of the previous row, so one array suffices.
            int diagonal = 0;
            for (int j = 1; j <= inner.length; j++) {
                int above = row[j];
                row[j] = token == inner[j - 1] ? diagonal + 1 : Math.max(above, row[j - 1]);
                diagonal = above;
            }
        }
        return row[inner.length];
    }
}
