package io.augcon.spark;

import io.augcon.api.Document;
import io.augcon.api.SftRecord;
import io.augcon.core.AugCon;
import io.augcon.core.AugConBuilder;
import io.augcon.core.config.AugConConfig;
import io.augcon.core.corpus.BadInputException;
import io.augcon.core.event.BadInput;
import io.augcon.core.event.SearchReport;
import io.augcon.core.llm.CachingBackend;
import io.augcon.core.output.RecordSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.StreamSupport;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.TaskCompletionListener;

/**
 * The work of one Spark task: runs the pipeline on its partition's documents and streams the
 * records out as rows. What travels in the plan is this object: the configuration as JSON, the
 * stage factory, the driver's demonstration searches and the pool key; the pipeline is built (or
 * reused) on the executor.
 */
final class PartitionRun implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(PartitionRun.class.getName());
    /** Documents read ahead of the engine; it keeps its own window of roots in progress. */
    private static final int DOCUMENTS_AHEAD = 2;
    /** Records the engine may write ahead of Spark's consumer. */
    private static final int RECORDS_AHEAD = 256;

    private final String configJson;
    private final boolean strict;
    private final StageFactory stages;
    private final List<SearchReport> searched;
    private final String workDir;
    private final ShippedScorer scorer;
    private final String poolKey;
    private final String textColumn;
    private final String idColumn;

    /**
     * @param searched   the job's demonstration searches, run on the driver: the task does not search
     * @param workDir    the job's work directory, shared by its tasks, for the answers of every
     *                   attempt; {@code null} for none
     * @param scorer     the scorer the driver trained, which the task ranks with; {@code null} for
     *                   the factory's own
     * @param textColumn the text column's name in the user's dataset, for messages
     * @param idColumn   the id column's name, for messages
     */
    PartitionRun(AugConConfig config, StageFactory stages, List<SearchReport> searched, String workDir,
            ShippedScorer scorer, String textColumn, String idColumn) {
        this.configJson = config.toJson();
        this.strict = config.corpus().strictInput();
        this.stages = stages;
        this.searched = List.copyOf(searched);
        this.workDir = workDir;
        this.scorer = scorer;
        this.poolKey = PipelinePool.key(configJson, stages, this.searched, workDir, scorer);
        this.textColumn = textColumn;
        this.idColumn = idColumn;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        TaskContext task = TaskContext.get();
        int partition = task == null ? -1 : task.partitionId();
        int variant = stages.variantOf(partition);
        PipelinePool pool = PipelinePool.forKey(variant == 0 ? poolKey : poolKey + "#" + variant, this::build);
        AttemptAnswers answers = answers(task, partition);
        TaskPipeline pipeline = pool.borrow();
        pipeline.answers().use(answers);
        Iterator<Document> documents = new DocumentRows(rows, partition, textColumn, idColumn,
                strict ? PartitionRun::refused : PartitionRun::skipped);
        PartitionBridge<Document, SftRecord> bridge = PartitionBridge.start("augcon-partition-" + partition, documents,
                (in, out) -> {
                    pipeline.augcon().run(StreamSupport.stream(Spliterators.spliteratorUnknownSize(in, Spliterator.ORDERED),
                            false), sink(out));
                    pipeline.answers().use(null);
                    close(answers);
                    pool.giveBack(pipeline);
                }, DOCUMENTS_AHEAD, RECORDS_AHEAD, task == null ? () -> false : task::isInterrupted);
        if (task != null) {
            task.addTaskCompletionListener((TaskCompletionListener) context -> {
                bridge.close();
                close(answers);
            });
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return bridge.hasNext();
            }

            @Override
            public Row next() {
                return RecordRows.toRow(bridge.next());
            }
        };
    }

    /**
     * The pipeline for this job, as a single-JVM run builds it: the configuration, then the
     * factory's live objects; and the driver's demonstration searches, so that it does not search.
     * With a work directory, an answer cache outside the factory's decorators, which each task
     * points at its attempt's answers.
     */
    TaskPipeline build() {
        AugConBuilder builder = AugCon.builder().config(AugConConfig.fromJson(configJson));
        stages.configure(builder);
        if (scorer != null) {
            scorer.configure(builder);
        }
        AnswerSwitch answers = new AnswerSwitch();
        if (workDir != null) {
            builder.decorate(llm -> new CachingBackend(llm, answers));
        }
        return new TaskPipeline(builder.searchedDemonstrations(searched).build(), answers);
    }

    /**
     * This attempt's answers in the work directory, {@code answers/partition-P/}: the earlier
     * attempts' read, and the driver's ({@code answers/driver/}, e.g. the scorer warm-up's trees),
     * and a segment of its own to append to; {@code null} without a work directory.
     */
    private AttemptAnswers answers(TaskContext task, int partition) {
        if (workDir == null) {
            return null;
        }
        String segment = "attempt-" + (task == null ? "driver" : task.taskAttemptId() + "-" + task.attemptNumber())
                + "-" + UUID.randomUUID() + ".jsonl";
        try {
            return AttemptAnswers.open(Path.of(workDir, "answers", String.format(Locale.ROOT, "partition-%05d", partition)),
                    segment, Path.of(workDir, DemonstrationPass.DRIVER_ANSWERS));
        } catch (IOException e) {
            throw new UncheckedIOException("work dir " + workDir + ": cannot open the answers of partition " + partition, e);
        }
    }

    /** Closes an attempt's answers, if any; a second close does nothing. */
    private static void close(AttemptAnswers answers) {
        if (answers == null) {
            return;
        }
        try {
            answers.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close an attempt's answers", e);
        }
    }

    private static RecordSink sink(Consumer<SftRecord> out) {
        return out::accept;
    }

    /** A bad row in strict mode: it fails the task, as the CLI's first bad input stops its run. */
    private static void refused(BadInput bad) {
        throw new BadInputException(bad);
    }

    /** A skipped row, said as the CLI says a skipped document. */
    private static void skipped(BadInput bad) {
        LOG.log(System.Logger.Level.WARNING, "augcon: skipped " + bad.source() + ": " + bad.reason());
    }
}
