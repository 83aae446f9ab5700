package io.augcon.core.text;

/**
 * One ROUGE-L comparison, all three views at once, because the paper filters on precision and
 * the reference implementation on F-measure: callers pick with {@link RougeMeasure}.
 *
 * @param precision LCS length over the candidate's token count, in [0, 1]
 * @param recall LCS length over the reference's token count, in [0, 1]
 * @param fMeasure harmonic mean of precision and recall, 0 when either is 0
 */
public record RougeScore(double precision, double recall, double fMeasure) {

    /** The score of two texts with nothing in common (or an empty side). */
    public static final RougeScore ZERO = new RougeScore(0, 0, 0);
}
