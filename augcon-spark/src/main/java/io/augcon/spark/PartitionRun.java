package io.augcon.spark;

import io.augcon.api.Document;
import io.augcon.api.SftRecord;
import io.augcon.core.AugCon;
import io.augcon.core.AugConBuilder;
import io.augcon.core.config.AugConConfig;
import io.augcon.core.corpus.BadInputException;
import io.augcon.core.event.BadInput;
import io.augcon.core.output.RecordSink;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.StreamSupport;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.TaskCompletionListener;

/**
 * The work of one Spark task: runs the pipeline on its partition's documents and streams the
 * records out as rows. What travels in the plan is this object: the configuration as JSON, the
 * stage factory and the pool key; the pipeline is built (or reused) on the executor.
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
    private final String poolKey;
    private final String textColumn;
    private final String idColumn;

    /**
     * @param textColumn the text column's name in the user's dataset, for messages
     * @param idColumn   the id column's name, for messages
     */
    PartitionRun(AugConConfig config, StageFactory stages, String textColumn, String idColumn) {
        this.configJson = config.toJson();
        this.strict = config.corpus().strictInput();
        this.stages = stages;
        this.poolKey = PipelinePool.key(configJson, stages);
        this.textColumn = textColumn;
        this.idColumn = idColumn;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        TaskContext task = TaskContext.get();
        int partition = task == null ? -1 : task.partitionId();
        int variant = stages.variantOf(partition);
        PipelinePool pool = PipelinePool.forKey(variant == 0 ? poolKey : poolKey + "#" + variant, this::build);
        AugCon pipeline = pool.borrow();
        Iterator<Document> documents = new DocumentRows(rows, partition, textColumn, idColumn,
                strict ? PartitionRun::refused : PartitionRun::skipped);
        PartitionBridge<Document, SftRecord> bridge = PartitionBridge.start("augcon-partition-" + partition, documents,
                (in, out) -> {
                    pipeline.run(StreamSupport.stream(Spliterators.spliteratorUnknownSize(in, Spliterator.ORDERED), false),
                            sink(out));
                    pool.giveBack(pipeline);
                }, DOCUMENTS_AHEAD, RECORDS_AHEAD, task == null ? () -> false : task::isInterrupted);
        if (task != null) {
            task.addTaskCompletionListener((TaskCompletionListener) context -> bridge.close());
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

    /** The pipeline for this job, as a single-JVM run builds it: the configuration, then the factory's live objects. */
    AugCon build() {
        AugConBuilder builder = AugCon.builder().config(AugConConfig.fromJson(configJson));
        stages.configure(builder);
        return builder.build();
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
