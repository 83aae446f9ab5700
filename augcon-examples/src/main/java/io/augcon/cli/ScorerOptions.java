package io.augcon.cli;

import io.augcon.core.AugConBuilder;
import io.augcon.scorer.ContrastiveScorer;
import io.augcon.scorer.Encoders;
import io.augcon.scorer.InRunTrainer;
import io.augcon.scorer.ScorerTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** {@code generate}'s query scorer: a trained one loaded from a file, or one trained in the run as the paper does. */
final class ScorerOptions implements RecordSettings {
    /** {@code --scorer} or {@code --train-scorer}, or neither (candidates unscored). */
    @ArgGroup(exclusive = true)
    Source source;

    @Option(names = "--scorer-pairs-per-kind", paramLabel = "N", defaultValue = "500",
            description = "With --train-scorer: negatives asked for of each of the three kinds (default: ${DEFAULT-VALUE}).")
    int scorerPairsPerKind;

    @Option(names = "--encoder", paramLabel = "NAME", defaultValue = "bge-small-zh",
            description = "With --train-scorer: the text encoder, bge-small-zh or bge-small-en (default: ${DEFAULT-VALUE}).")
    String encoder;

    /** Where the scorer comes from. */
    static final class Source {
        @Option(names = "--scorer", paramLabel = "MODEL", description = "Rank candidates with a trained scorer file (from train-scorer or --save-scorer).")
        Path scorerModel;

        @Option(names = "--train-scorer", description = "Train the scorer in this run on its own queries and weaker-prompt negatives, as the paper (needs --base-url).")
        boolean trainScorer;
    }

    boolean trainScorer() {
        return source != null && source.trainScorer;
    }

    /**
     * Sets {@code builder}'s scorer: the one loaded from {@code --scorer}, or an in-run trainer
     * seeded with {@code seed}, returned so the run can save what it trained; {@code null} otherwise.
     */
    InRunTrainer applyTo(AugConBuilder builder, boolean useLlm, long seed) throws IOException {
        if (source != null && source.scorerModel != null) {
            if (!Files.exists(source.scorerModel)) {
                throw new NoSuchFileException(source.scorerModel.toString());
            }
            builder.scorer(ContrastiveScorer.load(source.scorerModel));
            return null;
        }
        if (!trainScorer()) {
            return null;
        }
        if (!useLlm) {
            throw new IllegalArgumentException("--train-scorer needs --base-url: its negatives are asked of the LLM");
        }
        InRunTrainer trainer = new InRunTrainer(ScorerTrainer.builder().encoder(Encoders.byName(encoder)).seed(seed).build());
        builder.trainScorer(trainer).selection(s -> s.withScorerPairsPerKind(scorerPairsPerKind));
        return trainer;
    }
}
