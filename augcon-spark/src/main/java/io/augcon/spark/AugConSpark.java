package io.augcon.spark;

import io.augcon.core.config.AugConConfig;
import io.augcon.core.event.SearchReport;
import io.augcon.scorer.ScorerTrainer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The AugCon pipeline on Apache Spark: a {@code Dataset<Row>} of documents in, a {@code
 * Dataset<Row>} of records out ({@link RecordRows} gives the columns). Each task runs the
 * library's own engine on its partition's documents, streaming: neither the corpus nor the records
 * pass through the driver.
 *
 * <pre>{@code
 * Dataset<Row> documents = spark.read().parquet("s3a://lake/corpus/");     // columns id, text
 * Dataset<Row> records = AugConSpark.builder()
 *         .config(AugConConfig.DEFAULTS.withSeed(7))
 *         .stages(OfflineStages.create())                                  // or an LLM: see StageFactory
 *         .build()
 *         .generate(documents);
 * records.write().parquet("s3a://lake/sft/");
 * }</pre>
 *
 * <p><b>Same records.</b> With the same configuration, seed and LLM answers, the records equal
 * those of {@link io.augcon.core.AugCon#run} on the same documents in one JVM, as a set and field
 * by field, however the documents are partitioned: a record depends only on its own document, the
 * seed and its answers (its id hashes the seed and the node's place, documentId#root/tree/path;
 * every request's seed derives from the seed and the root's id). Within a partition records come
 * in document order, so a dataset partitioned in corpus order yields them in the single-JVM order.
 *
 * <p><b>Concurrency.</b> {@code llm.concurrency} keeps its meaning for the whole job: each task
 * gets {@code floor(concurrency / min(partitions, slots))} requests in flight, {@code slots} being
 * Spark's {@code defaultParallelism} (the cluster's cores when the job is planned; set
 * {@code spark.default.parallelism} to the most task slots the job will have when executors come
 * and go), and a job with fewer requests than tasks at once runs on {@code concurrency}
 * partitions. Not for a factory that asks no LLM ({@link StageFactory#asksLlm()}).
 *
 * <p><b>What travels.</b> The configuration goes to executors as its JSON ({@link
 * AugConConfig#toJson()}), the live objects as a serializable {@link StageFactory}. Each executor
 * JVM builds pipelines from them on first use and reuses them for the job's later tasks, one per
 * task running at once; it keeps those of its few most recent jobs.
 *
 * <p><b>Once per job.</b> The demonstration search runs once, on the driver, before the map: a
 * counting pass over the documents gives the whole corpus's pairs owed per language, the search
 * is sized for them as a single-JVM run over the corpus sizes it (the automatic budget), and the
 * chosen demonstrations travel to the tasks in the plan; tasks do not search. Cross-root
 * deduplication ({@code selection.global_dedup}) runs as Spark stages over the whole output and
 * keeps the records a single-JVM run keeps: the corpus order it
 * decides by is the dataset's (partitions in order, rows in order within each), so give the
 * documents in corpus order. With it on, {@code generate} also generates the records before it
 * returns and checkpoints them (reliably when the context has a checkpoint directory, else
 * locally on the executors), so that the stages read them without asking the LLM again. A scorer
 * is trained once too, on the driver from the start of the corpus ({@link Builder#trainScorer}),
 * or trained beforehand and read on the driver ({@link ShippedScorer}); either travels to the
 * tasks as bytes, and no task trains.
 *
 * <p><b>Answers kept.</b> With a {@linkplain Builder#workDir work directory} shared by the job,
 * every task attempt appends its answers to a file of its own there and first reads those of the
 * earlier attempts of its partition: a retried task, a speculative copy, a second action on the
 * result or a rerun of the job asks the LLM only for what no attempt had answered yet. Spark's
 * output commit writes each partition's records once.
 *
 * <p><b>Limits.</b>
 * <ul>
 *   <li>without a work directory the result is computed by each action on it, and a retried task
 *       asks the LLM again: write it once, or persist it first;</li>
 *   <li>document ids must be unique (a single-JVM run skips a repeated id; here both would run).</li>
 * </ul>
 */
public final class AugConSpark {
    private final AugConConfig config;
    private final StageFactory stages;
    private final String textColumn;
    private final String idColumn;
    private final String languageColumn;
    private final String workDir;
    private final ScorerTrainer scorerTrainer;

    private AugConSpark(Builder b) {
        this.config = b.config;
        this.stages = b.stages;
        this.textColumn = b.textColumn;
        this.idColumn = b.idColumn;
        this.languageColumn = b.languageColumn;
        this.workDir = b.workDir;
        this.scorerTrainer = b.scorerTrainer;
    }

    /** A builder: the method's default configuration, the offline stages, columns {@code text} and {@code id}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The records of {@code documents}, computed when an action runs. A row whose text or id is null
     * or blank is skipped and reported in the executor's log, or fails its task when the
     * configuration's {@code corpus.strict_input} is set.
     *
     * <p>When the pipelines ask an LLM, this first runs the job's once-per-job steps on the driver
     * before it returns: the scorer's warm-up and training when {@link Builder#trainScorer} is
     * set, a Spark job that counts the documents' roots, then the demonstration search, whose LLM
     * calls go through a pipeline the factory builds on the driver. With
     * cross-root deduplication on, it also generates and checkpoints the records before it
     * returns; the removal runs with the caller's action.
     *
     * @throws IllegalArgumentException when a column is missing or of the wrong type (the text must
     *                                  be a string, the id a string or a number), naming the columns present
     */
    public Dataset<Row> generate(Dataset<Row> documents) {
        StructType schema = documents.schema();
        DataType textType = field(schema, textColumn, "text").dataType();
        if (!textType.equals(DataTypes.StringType)) {
            throw new IllegalArgumentException("text column '" + textColumn + "' is " + textType.simpleString()
                    + "; a string column is needed");
        }
        DataType idType = field(schema, idColumn, "id").dataType();
        if (!idType.equals(DataTypes.StringType) && !(idType instanceof NumericType)) {
            throw new IllegalArgumentException("id column '" + idColumn + "' is " + idType.simpleString()
                    + "; a string or numeric column is needed");
        }
        Column language = languageColumn == null ? functions.lit(null).cast(DataTypes.StringType) : column(languageColumn);
        if (languageColumn != null && !field(schema, languageColumn, "language").dataType().equals(DataTypes.StringType)) {
            throw new IllegalArgumentException("language column '" + languageColumn + "' is not a string column");
        }
        Dataset<Row> input = documents.select(column(textColumn), column(idColumn).cast(DataTypes.StringType), language);
        double dedupThreshold = config.selection().activeGlobalDedupThreshold();
        // The tasks leave cross-root deduplication to the job's own stage over the whole output.
        AugConConfig perTask = config.withSelection(s -> s.withGlobalDedup(false));
        List<SearchReport> searched = List.of();
        ShippedScorer trained = scorerTrainer == null ? null
                : ScorerPass.train(input, config, stages, scorerTrainer, workDir).orElse(null);
        if (stages.asksLlm()) {
            searched = DemonstrationPass.search(input, config, stages, workDir);
            int partitions = input.rdd().getNumPartitions();
            ConcurrencyShare share = ConcurrencyShare.of(config.llm().concurrency(), partitions,
                    documents.sparkSession().sparkContext().defaultParallelism());
            if (share.partitions() < partitions) {
                input = input.coalesce(share.partitions());
            }
            perTask = perTask.withLlm(p -> p.withConcurrency(share.perTask()));
        }
        Dataset<Row> records = input.mapPartitions(new PartitionRun(perTask, stages, searched, workDir, trained, textColumn, idColumn),
                Encoders.row(RecordRows.schema()));
        return dedupThreshold > 0 ? NearDuplicates.removed(records, dedupThreshold) : records;
    }

    /** The configuration the job's pipelines run with. */
    public AugConConfig config() {
        return config;
    }

    private static StructField field(StructType schema, String name, String role) {
        for (StructField field : schema.fields()) {
            if (field.name().equals(name)) {
                return field;
            }
        }
        throw new IllegalArgumentException(role + " column '" + name + "' not found; the dataset has "
                + Arrays.toString(schema.fieldNames()));
    }

    /** A column by its exact name, dots and all. */
    private static Column column(String name) {
        return new Column("`" + name.replace("`", "``") + "`");
    }

    /** Configures an {@link AugConSpark}. */
    public static final class Builder {
        private AugConConfig config = AugConConfig.DEFAULTS;
        private StageFactory stages = OfflineStages.create();
        private String textColumn = "text";
        private String idColumn = "id";
        private String languageColumn;
        private String workDir;
        private ScorerTrainer scorerTrainer;

        private Builder() {}

        /** The pipeline's configuration (default {@link AugConConfig#DEFAULTS}). */
        public Builder config(AugConConfig value) {
            this.config = Objects.requireNonNull(value, "config");
            return this;
        }

        /** The live objects each executor adds to the configuration (default {@link OfflineStages#create()}, no LLM). */
        public Builder stages(StageFactory value) {
            this.stages = Objects.requireNonNull(value, "stages");
            return this;
        }

        /** The column holding each document's text, a string (default {@code text}). */
        public Builder textColumn(String value) {
            this.textColumn = Objects.requireNonNull(value, "textColumn");
            return this;
        }

        /** The column holding each document's id, a string or a number, unique in the dataset (default {@code id}). */
        public Builder idColumn(String value) {
            this.idColumn = Objects.requireNonNull(value, "idColumn");
            return this;
        }

        /**
         * The column holding each document's declared language, a string: {@code en} or {@code zh}
         * (any case, region subtags allowed), as the CLI reads a JSONL line's {@code language}; another
         * value or null leaves the language to detection. Default none: every document's language is
         * the configuration's {@code corpus.language}, else detected.
         */
        public Builder languageColumn(String value) {
            this.languageColumn = Objects.requireNonNull(value, "languageColumn");
            return this;
        }

        /**
         * A directory every task and the driver can read and write (a shared mount; in local mode
         * any local directory), where the job keeps its LLM answers so that none is paid for
         * twice: each task attempt first reads the answers of the earlier attempts of its
         * partition, from {@code answers/partition-P/}, and appends each answer it gets to a file
         * of its own there; the driver's demonstration search and scorer warm-up do the same in
         * {@code answers/driver/}, which every task reads too. A retried task, a speculative copy, a second action on the result or a
         * rerun of the job with the same directory then asks the LLM only for what no attempt has
         * answered yet (the calls in flight when an attempt died). Default none: nothing is kept.
         * A path of this JVM's file system; Hadoop URIs ({@code hdfs://}, {@code s3a://}) are not
         * read here.
         */
        public Builder workDir(String value) {
            this.workDir = Objects.requireNonNull(value, "workDir");
            return this;
        }

        /**
         * Trains the job's scorer as a single-JVM run given {@code trainScorer(new
         * InRunTrainer(trainer))} does, once, on the driver, before the map: the warm-up reads the
         * documents from the start in the dataset's order, grows the first trees and asks for the
         * negatives (LLM calls made by the driver), {@code trainer} trains, and the scorer travels to
         * the tasks as bytes; no task trains. With a {@linkplain #workDir work directory} the
         * warm-up's answers are kept there for the tasks, and the scorer is saved as {@code
         * scorer.json}. The factory must not set a trainer itself. Default none: the factory's scorer.
         */
        public Builder trainScorer(ScorerTrainer trainer) {
            this.scorerTrainer = Objects.requireNonNull(trainer, "trainer");
            return this;
        }

        /**
         * The runner.
         *
         * @throws IllegalArgumentException when the factory is not serializable
         */
        public AugConSpark build() {
            PipelinePool.key(config.toJson(), stages, List.of(), workDir, null);
            return new AugConSpark(this);
        }
    }
}
