package io.augcon.core.filter;

import static io.augcon.api.internal.Knob.atLeast;
import static io.augcon.api.internal.Knob.inRange;

import io.augcon.api.internal.Knob;

import io.augcon.core.text.RougeMeasure;
import java.util.Objects;

/**
 * Which candidate questions become records: the quota per root, over-generation, the ROUGE-L
 * filter within a root and the optional near-duplicate removal across roots.
 *
 * <pre>{@code
 * SelectionConfig english = SelectionConfig.DEFAULTS.withQuota(Quota.perWords(12)).withGlobalDedup(true);
 * }</pre>
 *
 * @param quota                pairs owed per root (one per 35 characters, the method's value for
 *                             Chinese)
 * @param oversample           candidates gathered per pair owed before filtering (1.15, the reference)
 * @param maxTreeRuns          trees grown per root at most, to fill its quota (4)
 * @param rougeThreshold       a query at least this similar (ROUGE-L) to a kept one is dropped (0.7)
 * @param rougeMeasure         the ROUGE-L measure compared with the threshold: precision (the paper)
 *                             or F-measure (the reference)
 * @param globalDedup          also drop near-duplicate questions across roots (off, as the paper,
 *                             which deduplicates within a root only)
 * @param globalDedupThreshold word-shingle Jaccard similarity at which the cross-root deduplication
 *                             drops a query, in (0, 1] (0.7)
 * @param scorerPairsPerKind   negative queries of each of the three kinds made when the scorer is
 *                             trained in the run (500, the paper)
 */
public record SelectionConfig(
        Quota quota,
        double oversample,
        int maxTreeRuns,
        double rougeThreshold,
        RougeMeasure rougeMeasure,
        boolean globalDedup,
        double globalDedupThreshold,
        int scorerPairsPerKind) {
    /** The method's values. */
    public static final SelectionConfig DEFAULTS =
            new SelectionConfig(Quota.perChars(35), 1.15, 4, 0.7, RougeMeasure.PRECISION, false, 0.7, 500);

    /** @throws IllegalArgumentException naming the knob that is out of range */
    public SelectionConfig {
        Objects.requireNonNull(quota, "quota");
        inRange("oversample", oversample, 1, 100);
        atLeast("maxTreeRuns", maxTreeRuns, 1);
        Knob.inOpenClosed("rougeThreshold", rougeThreshold, 0, 1);
        Objects.requireNonNull(rougeMeasure, "rougeMeasure");
        Knob.inOpenClosed("globalDedupThreshold", globalDedupThreshold, 0, 1);
        atLeast("scorerPairsPerKind", scorerPairsPerKind, 1);
    }

    /** The cross-root deduplication threshold in force, or 0 when it is off. */
    public double activeGlobalDedupThreshold() {
        return globalDedup ? globalDedupThreshold : 0;
    }

    /** These settings with another quota. */
    public SelectionConfig withQuota(Quota value) {
        return new SelectionConfig(value, oversample, maxTreeRuns, rougeThreshold, rougeMeasure, globalDedup,
                globalDedupThreshold, scorerPairsPerKind);
    }

    /** These settings with another over-generation factor. */
    public SelectionConfig withOversample(double value) {
        return new SelectionConfig(quota, value, maxTreeRuns, rougeThreshold, rougeMeasure, globalDedup,
                globalDedupThreshold, scorerPairsPerKind);
    }

    /** These settings with another bound on trees per root. */
    public SelectionConfig withMaxTreeRuns(int value) {
        return new SelectionConfig(quota, oversample, value, rougeThreshold, rougeMeasure, globalDedup,
                globalDedupThreshold, scorerPairsPerKind);
    }

    /** These settings with another ROUGE-L threshold. */
    public SelectionConfig withRougeThreshold(double value) {
        return new SelectionConfig(quota, oversample, maxTreeRuns, value, rougeMeasure, globalDedup,
                globalDedupThreshold, scorerPairsPerKind);
    }

    /** These settings with another ROUGE-L measure. */
    public SelectionConfig withRougeMeasure(RougeMeasure value) {
        return new SelectionConfig(quota, oversample, maxTreeRuns, rougeThreshold, value, globalDedup,
                globalDedupThreshold, scorerPairsPerKind);
    }

    /** These settings with the cross-root deduplication on or off. */
    public SelectionConfig withGlobalDedup(boolean value) {
        return new SelectionConfig(quota, oversample, maxTreeRuns, rougeThreshold, rougeMeasure, value,
                globalDedupThreshold, scorerPairsPerKind);
    }

    /** These settings with another cross-root deduplication threshold. */
    public SelectionConfig withGlobalDedupThreshold(double value) {
        return new SelectionConfig(quota, oversample, maxTreeRuns, rougeThreshold, rougeMeasure, globalDedup, value,
                scorerPairsPerKind);
    }

    /** These settings with another number of negatives per kind for in-run scorer training. */
    public SelectionConfig withScorerPairsPerKind(int value) {
        return new SelectionConfig(quota, oversample, maxTreeRuns, rougeThreshold, rougeMeasure, globalDedup,
                globalDedupThreshold, value);
    }
}
