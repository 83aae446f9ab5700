package io.augcon.cli;

import io.augcon.core.scoring.QueryPair;
import io.augcon.scorer.ContrastiveLoss;
import io.augcon.scorer.Encoders;
import io.augcon.scorer.ScorerPairs;
import io.augcon.scorer.ScorerTrainer;
import io.augcon.scorer.TrainedScorer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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

    @Option(names = "--loss", paramLabel = "NAME", defaultValue = "paper",
            description = "paper (-log sigmoid(s+ - s-)) or reference (-sigmoid(s+) + sigmoid(s-)) (default: ${DEFAULT-VALUE}).")
    String loss;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Training seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (!Files.exists(pairs)) {
                throw new NoSuchFileException(pairs.toString());
            }
            ContrastiveLoss chosenLoss = loss(loss);
            List<QueryPair> read = ScorerPairs.read(pairs);
            ScorerTrainer trainer = ScorerTrainer.builder().encoder(Encoders.byName(encoder)).loss(chosenLoss).seed(seed).build();
            TrainedScorer trained = trainer.train(read);
            trained.scorer().save(output);
            err.println("augcon: " + trained.report().summary());
            spec.commandLine().getOut().println("trained on " + read.size() + " pairs; wrote " + output);
            return 0;
        } catch (NoSuchFileException e) {
            err.println("augcon: no such file: " + e.getFile());
            return AugConCli.BAD_INPUT;
        } catch (IllegalArgumentException e) {
            err.println("augcon: " + e.getMessage());
            return AugConCli.BAD_INPUT;
        }
    }

    static ContrastiveLoss loss(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "paper":
                return ContrastiveLoss.LOG_SIGMOID_MARGIN;
            case "reference":
                return ContrastiveLoss.SIGMOID_DIFFERENCE;
            default:
                throw new IllegalArgumentException("--loss must be paper or reference, was '" + name + "'");
        }
    }
}
