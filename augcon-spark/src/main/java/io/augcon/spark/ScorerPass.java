package io.augcon.spark;

import io.augcon.api.Document;
import io.augcon.core.AugCon;
import io.augcon.core.AugConBuilder;
import io.augcon.core.config.AugConConfig;
import io.augcon.core.llm.CachingBackend;
import io.augcon.scorer.InRunTrainer;
import io.augcon.scorer.ScorerTrainer;
import io.augcon.scorer.TrainedScorer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The scorer of a Spark job that trains its own, trained once on the driver before the map, as a
 * single-JVM run trains it before its main pass: the driver reads the documents from the start,
 * in corpus order ({@code toLocalIterator}, one partition at a time, only as far as the warm-up
 * needs), grows the first trees, asks for the negatives and trains ({@link AugCon#trainScorer});
 * the trained scorer then travels to the tasks as a {@link ShippedScorer}, and no task trains. With
 * a work directory, the warm-up's answers go to {@code answers/driver/}, which every task reads,
 * so the tasks' trees for the warm-up's documents are not paid for again, and the scorer is saved
 * as {@code scorer.json} there.
 *
 * <pre>{@code
 * Optional<ShippedScorer> scorer = ScorerPass.train(input, config, stages, ScorerTrainer.builder().build(), workDir);
 * }</pre>
 */
final class ScorerPass {
    private static final System.Logger LOG = System.getLogger(ScorerPass.class.getName());

    private ScorerPass() {}

    /**
     * The job's trained scorer; empty when the warm-up made too few pairs to train on (the run
     * then keeps the factory's scorer, as a single-JVM run keeps its configured one).
     *
     * @param input   the documents as {@link DocumentRows} reads them, in corpus order
     * @param workDir the job's work directory, or {@code null}
     */
    static Optional<ShippedScorer> train(Dataset<Row> input, AugConConfig config, StageFactory stages,
            ScorerTrainer trainer, String workDir) {
        InRunTrainer inRun = new InRunTrainer(trainer);
        AugConBuilder builder = AugCon.builder().config(config);
        stages.configure(builder);
        builder.trainScorer(inRun);
        try (AttemptAnswers answers = workDir == null ? null
                : AttemptAnswers.open(Path.of(workDir, DemonstrationPass.DRIVER_ANSWERS), "scorer-" + UUID.randomUUID() + ".jsonl")) {
            if (answers != null) {
                builder.decorate(llm -> new CachingBackend(llm, answers));
            }
            Iterator<Document> documents = new DocumentRows(input.toLocalIterator(), -1, "text", "id", bad -> { });
            builder.build().trainScorer(documents);
        } catch (IOException e) {
            throw new UncheckedIOException("work dir " + workDir + ": cannot keep the scorer warm-up's answers", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while training the job's scorer");
        }
        Optional<TrainedScorer> trained = inRun.trained();
        if (trained.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "augcon: too few pairs to train a scorer; the job keeps the factory's");
            return Optional.empty();
        }
        try {
            Path file = workDir != null ? Path.of(workDir, "scorer.json") : Files.createTempFile("augcon-scorer-", ".json");
            try {
                trained.get().scorer().save(file);
                LOG.log(System.Logger.Level.INFO, "augcon: trained the job's scorer " + trained.get().scorer().id());
                return Optional.of(ShippedScorer.read(file));
            } finally {
                if (workDir == null) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the job's trained scorer", e);
        }
    }
}
