package io.augcon.core.tree;

import io.augcon.api.internal.Knob;

/**
 * The stopping rules of the Context-Split-Tree.
 *
 * @param minContextChars      lambda, the minimum granularity: a context shorter than this is not
 *                             expanded (20 in the reference)
 * @param minQuestionChars     a question shorter than this is discarded (5 in the reference)
 * @param minChildPrecision    a sub-context whose ROUGE-L precision against its parent is below
 *                             this is taken as hallucinated and not expanded (0.7 in the paper);
 *                             0 turns the check off, as in the reference
 */
public record TreeRules(int minContextChars, int minQuestionChars, double minChildPrecision) {
    /** The method's values: 20, 5 and 0.7. */
    public static final TreeRules DEFAULT = new TreeRules(20, 5, 0.7);

    /**
     * Checks the rules.
     *
     * @throws IllegalArgumentException if {@code minContextChars} is below 1, {@code
     *         minQuestionChars} negative, or {@code minChildPrecision} outside 0 to 1
     */
    public TreeRules {
        Knob.atLeast("minContextChars", minContextChars, 1);
        Knob.atLeast("minQuestionChars", minQuestionChars, 0);
        Knob.inRange("minChildPrecision", minChildPrecision, 0, 1);
    }
}
