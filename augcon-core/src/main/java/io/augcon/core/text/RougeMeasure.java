package io.augcon.core.text;

import java.util.Objects;

/**
 * Which view of a {@link RougeScore} a threshold applies to. The paper's dedup uses
 * {@link #PRECISION} (a new query is a duplicate when most of its words, in order, already
 * appear in a kept one); the reference implementation uses {@link #F_MEASURE}.
 */
public enum RougeMeasure {
    /** LCS over the candidate's length: the paper's choice. */
    PRECISION,
    /** LCS over the reference's length. */
    RECALL,
    /** Harmonic mean of precision and recall: the reference implementation's choice. */
    F_MEASURE;

    /** Reads this view from {@code score}, so configuration can name a measure once. */
    public double of(RougeScore score) {
        Objects.requireNonNull(score, "score");
        return switch (this) {
            case PRECISION -> score.precision();
            case RECALL -> score.recall();
            case F_MEASURE -> score.fMeasure();
        };
    }
}
