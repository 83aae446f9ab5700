package io.augcon.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.api.Document;
import io.augcon.api.Language;
import io.augcon.api.SftRecord;
import io.augcon.core.AugCon;
import io.augcon.core.AugConBuilder;
import io.augcon.core.Generated;
import io.augcon.core.config.AugConConfig;
import io.augcon.core.corpus.CorpusReader;
import io.augcon.testkit.ScriptedLlm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Spark job's records equal a single-JVM run's on the bundled sample corpus, as a set and field
 * by field, whatever the number of partitions: offline, with a scripted LLM, and with bad rows
 * among the documents.
 */
class SameRecordsAsOneJvmTest {
    private static final Path SAMPLES = Path.of("..", "augcon-examples", "samples");
    private static final StructType DOCUMENTS = new StructType()
            .add("id", DataTypes.StringType)
            .add("text", DataTypes.StringType)
            .add("language", DataTypes.StringType);

    private static final AugConConfig OFFLINE = AugConConfig.DEFAULTS.withSeed(11);
    private static final StageFactory OFFLINE_STAGES = OfflineStages.create();
    private static final AugConConfig SCRIPTED = AugConConfig.DEFAULTS.withSeed(7).withLlm(p -> p.withConcurrency(4));
    private static final StageFactory SCRIPTED_STAGES = builder -> builder.llm(ScriptedLlm.immediate());

    private static SparkSession spark;
    private static List<Document> samples;
    /** The single-JVM runs' records, made once: they do not depend on the partitions. */
    private static List<List<Object>> offlineOneJvm;
    private static List<List<Object>> scriptedOneJvm;
    /** The single-JVM run's records with cross-root dedup, made by the first test that needs them. */
    private static List<List<Object>> dedupOneJvm;

    @BeforeAll
    static void start() throws Exception {
        spark = LocalSpark.start();
        try (Stream<Document> documents = CorpusReader.builder().build().read(SAMPLES)) {
            samples = documents.toList();
        }
        offlineOneJvm = oneJvm(OFFLINE, OFFLINE_STAGES);
        scriptedOneJvm = oneJvm(SCRIPTED, SCRIPTED_STAGES);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @ParameterizedTest(name = "offline, {0} partitions")
    @ValueSource(ints = {1, 2, 5})
    void offlineRecordsEqualASingleJvmRunsOnTheSamples(int partitions) {
        List<List<Object>> onSpark = onSpark(OFFLINE, OFFLINE_STAGES, partitions);

        assertThat(offlineOneJvm).hasSizeGreaterThan(100).allSatisfy(r -> assertThat(r.get(11)).isEqualTo("offline"));
        assertThat(onSpark).containsExactlyInAnyOrderElementsOf(offlineOneJvm);
    }

    @ParameterizedTest(name = "scripted LLM, {0} partitions")
    @ValueSource(ints = {1, 2, 5})
    void scriptedLlmRecordsEqualASingleJvmRunsOnTheSamples(int partitions) {
        List<List<Object>> onSpark = onSpark(SCRIPTED, SCRIPTED_STAGES, partitions);

        assertThat(scriptedOneJvm).hasSizeGreaterThan(100).allSatisfy(r -> assertThat(r.get(11)).isEqualTo("scripted"));
        assertThat(onSpark).containsExactlyInAnyOrderElementsOf(scriptedOneJvm);
    }

    @ParameterizedTest(name = "{0} partitions")
    @ValueSource(ints = {1, 3})
    void badRowsInOnePartitionAreSkippedAndTheJobFinishes(int partitions) {
        List<Row> rows = new ArrayList<>(rows(samples));
        rows.add(RowFactory.create("no-text", null, null));
        rows.add(RowFactory.create(null, "A document without an id. It has two sentences.", null));
        rows.add(RowFactory.create("blank-text", " \n ", "en"));
        // parallelize cuts the list into contiguous slices: the three bad rows land in the last partition.
        Dataset<Row> documents = spark.createDataFrame(
                JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, partitions), DOCUMENTS);

        List<List<Object>> onSpark = AugConSpark.builder().config(SCRIPTED).stages(SCRIPTED_STAGES).languageColumn("language")
                .build().generate(documents).collectAsList().stream().map(SameRecordsAsOneJvmTest::fields).toList();

        assertThat(onSpark).containsExactlyInAnyOrderElementsOf(scriptedOneJvm);
    }

    @ParameterizedTest(name = "cross-root dedup, {0} partitions")
    @ValueSource(ints = {1, 2, 5})
    void crossRootDeduplicationKeepsTheRecordsASingleJvmRunKeeps(int partitions) throws Exception {
        AugConConfig dedup = SCRIPTED.withSelection(s -> s.withGlobalDedup(true));
        if (dedupOneJvm == null) {
            AugConBuilder builder = AugCon.builder().config(dedup);
            SCRIPTED_STAGES.configure(builder);
            Generated single = builder.build().generate(withCopies());
            assertThat(single.summary().crossRootDuplicates()).as("the copies' questions are dropped").isPositive();
            dedupOneJvm = single.records().stream().map(RecordRows::toRow).map(SameRecordsAsOneJvmTest::fields).toList();
        }
        // parallelize cuts the list into contiguous slices: the partitions hold the corpus in order.
        Dataset<Row> documents = spark.createDataFrame(
                JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows(withCopies()), partitions), DOCUMENTS);

        List<List<Object>> onSpark = AugConSpark.builder().config(dedup).stages(SCRIPTED_STAGES).languageColumn("language")
                .build().generate(documents).collectAsList().stream().map(SameRecordsAsOneJvmTest::fields).toList();

        assertThat(onSpark).containsExactlyElementsOf(dedupOneJvm);
    }

    /** The English samples with two of their documents again under other ids, one early and one last. */
    private static List<Document> withCopies() {
        List<Document> english = samples.stream().filter(d -> d.source().startsWith("en/")).toList();
        assertThat(english).hasSizeGreaterThan(3);
        List<Document> corpus = new ArrayList<>(english);
        corpus.add(2, copy(english.get(0)));
        corpus.add(copy(english.get(english.size() - 1)));
        return corpus;
    }

    private static Document copy(Document document) {
        return new Document("copy-of-" + document.id(), document.text(), document.source() + " (copy)",
                document.declaredLanguage().orElse(null));
    }

    /** The records of the samples read and run as {@code augcon generate} does, in one JVM. */
    private static List<List<Object>> oneJvm(AugConConfig config, StageFactory stages) throws Exception {
        AugConBuilder builder = AugCon.builder().config(config);
        stages.configure(builder);
        List<SftRecord> records = new ArrayList<>();
        builder.build().run(SAMPLES, records::add);
        return records.stream().map(RecordRows::toRow).map(SameRecordsAsOneJvmTest::fields).toList();
    }

    private static List<List<Object>> onSpark(AugConConfig config, StageFactory stages, int partitions) {
        Dataset<Row> records = AugConSpark.builder().config(config).stages(stages).languageColumn("language").build()
                .generate(documents(samples).repartition(partitions));
        assertThat(records.schema()).isEqualTo(RecordRows.schema());
        return records.collectAsList().stream().map(SameRecordsAsOneJvmTest::fields).toList();
    }

    private static Dataset<Row> documents(List<Document> documents) {
        return spark.createDataFrame(rows(documents), DOCUMENTS);
    }

    /** Rows of {@link #DOCUMENTS}: id, text and the declared language's code. */
    private static List<Row> rows(List<Document> documents) {
        return documents.stream().map(d -> RowFactory.create(d.id(), d.text(),
                d.declaredLanguage().map(Language::code).orElse(null))).toList();
    }

    private static List<Object> fields(Row row) {
        return IntStream.range(0, row.size()).mapToObj(row::get).toList();
    }
}
