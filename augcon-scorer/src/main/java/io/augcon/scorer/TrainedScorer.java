package io.augcon.scorer;

import java.util.Objects;

/** The result of {@link ScorerTrainer#train}: the scorer and how its training went. */
public record TrainedScorer(ContrastiveScorer scorer, TrainingReport report) {
    /** Rejects nulls. */
    public TrainedScorer {
        Objects.requireNonNull(scorer, "scorer");
        Objects.requireNonNull(report, "report");
    }
}
