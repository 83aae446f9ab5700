package io.augcon.cli;

import io.augcon.scorer.ContrastiveLoss;
import io.augcon.scorer.Encoders;
import io.augcon.core.scoring.QueryPair;
import io.augcon.scorer.ScorerPairs;
import io.augcon.scorer.ScorerTrainer;
import io.augcon.scorer.TrainedScorer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code augcon train-scorer}: trains the contrastive query scorer from a JSONL file of pairs. */
@Command(
        name = "train-scorer",
        mixinStandardHelpOptions = true,
        description = "Train the query scorer from JSONL lines {\"context\", \"positive\", \"negative\"}.")
final class TrainScorerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--pairs", required = true, paramLabel = "FILE", description = "JSONL training pairs.")
    Path pairs;

    @Option(names = "--output", required = true, paramLabel = "MODEL", description = "Where the trained scorer goes (one file).")
    Path output;

    @Option(names = "--encoder", paramLabel = "NAME", defaultValue = "bge-small-zh",
            description = "Text encoder: bge-small-zh (Chinese and English) or bge-small-en (default: ${DEFAULT-VALUE}).")
    String encoder;

    @Option(names = "--loss", paramLabel = "NAME", defaultValue = "paper", converter = Losses.class, completionCandidates = Losses.class,
            description = "paper (-log sigmoid(s+ - s-)) or reference (-sigmoid(s+) + sigmoid(s-)) (default: ${DEFAULT-VALUE}).")
    ContrastiveLoss loss;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Training seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws IOException {
        if (!Files.exists(pairs)) {
            throw new NoSuchFileException(pairs.toString());
        }
        List<QueryPair> read = ScorerPairs.read(pairs);
        ScorerTrainer trainer = ScorerTrainer.builder().encoder(Encoders.byName(encoder)).loss(loss).seed(seed).build();
        TrainedScorer trained = trainer.train(read);
        trained.scorer().save(output);
        spec.commandLine().getErr().println("augcon: " + trained.report().summary());
        spec.commandLine().getOut().println("trained on " + read.size() + " pairs; wrote " + output);
        return 0;
    }

    /** The two losses by their command-line names. */
    static final class Losses extends Choice<ContrastiveLoss> {
        Losses() {
            super(Map.entry("paper", ContrastiveLoss.LOG_SIGMOID_MARGIN), Map.entry("reference", ContrastiveLoss.SIGMOID_DIFFERENCE));
        }
    }
}
