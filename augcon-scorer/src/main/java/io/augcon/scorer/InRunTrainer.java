package io.augcon.scorer;

import io.augcon.api.QueryScorer;
import io.augcon.core.scoring.PairTrainer;
import io.augcon.core.scoring.QueryPair;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Plugs {@link ScorerTrainer} into a run, so the pipeline trains its scorer on its own trees as
 * the paper does, and keeps what it trained for saving or inspection afterwards (the reason it is
 * not the trainer itself: {@link PairTrainer} answers a bare scorer, this keeps the report too).
 *
 * <pre>{@code
 * InRunTrainer trainer = new InRunTrainer(ScorerTrainer.builder().seed(7).build());
 * AugCon augcon = AugCon.builder().llm(llm).trainScorer(trainer).build();
 * augcon.run(Path.of("docs/"), sink);
 * if (trainer.trained().isPresent()) {
 *     trainer.trained().get().scorer().save(Path.of("scorer.json"));
 * }
 * }</pre>
 */
public final class InRunTrainer implements PairTrainer {
    private final ScorerTrainer trainer;
    private volatile TrainedScorer trained;

    /** Trains with {@code trainer} when the run asks; {@link #trained()} stays empty until then. */
    public InRunTrainer(ScorerTrainer trainer) {
        this.trainer = Objects.requireNonNull(trainer, "trainer");
    }

    @Override
    public QueryScorer train(List<QueryPair> pairs) {
        TrainedScorer result = trainer.train(pairs);
        this.trained = result;
        return result.scorer();
    }

    /** The scorer and report of the last training, if a run has trained one. */
    public Optional<TrainedScorer> trained() {
        return Optional.ofNullable(trained);
    }
}
