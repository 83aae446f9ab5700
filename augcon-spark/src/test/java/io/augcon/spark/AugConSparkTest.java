package io.augcon.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.core.config.AugConConfig;
import io.augcon.testkit.ScriptedLlm;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.SparkException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What {@link AugConSpark} checks before a job runs, and how its tasks treat pipelines and ids. */
class AugConSparkTest {
    private static final String TEXT = "Tides rise and fall twice a day. The moon pulls the water toward it. "
            + "The sun pulls too, less strongly. When both pull together the tides are highest.";
    private static final StageFactory SCRIPTED = builder -> builder.llm(ScriptedLlm.immediate());

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void eachExecutorBuildsAPipelinePerRunningTaskAndReusesItForLaterTasks() {
        AugConConfig config = AugConConfig.DEFAULTS.withSeed(31);
        Dataset<Row> documents = documents(10).repartition(5);
        AugConSpark job = AugConSpark.builder().config(config).stages(SCRIPTED).build();

        long first = job.generate(documents).count();
        long second = job.generate(documents).count();

        assertThat(first).isPositive().isEqualTo(second);
        PipelinePool pool = PipelinePool.forKey(PipelinePool.key(config.toJson(), SCRIPTED), () -> {
            throw new AssertionError("the jobs made this pool");
        });
        // Ten tasks ran on local[2]: at most two at once, so at most two pipelines.
        assertThat(pool.built()).isBetween(1, 2);
    }

    @Test
    void aNumericIdColumnNamesTheDocumentsAsItsDigits() {
        StructType schema = new StructType().add("doc", DataTypes.LongType).add("body", DataTypes.StringType);
        Dataset<Row> documents = spark.createDataFrame(List.of(RowFactory.create(42L, TEXT)), schema);

        List<Row> records = AugConSpark.builder().stages(SCRIPTED).idColumn("doc").textColumn("body").build()
                .generate(documents).select("document_id", "root_id").distinct().collectAsList();

        assertThat(records).containsExactly(RowFactory.create("42", "42#0"));
    }

    @Test
    void strictInputFailsTheJobAtABadRowNamingIt() {
        AugConConfig strict = AugConConfig.DEFAULTS.withCorpus(c -> c.withStrictInput(true));
        StructType schema = new StructType().add("id", DataTypes.StringType).add("text", DataTypes.StringType);
        Dataset<Row> documents = spark.createDataFrame(List.of(RowFactory.create("ok", TEXT), RowFactory.create("empty", "  ")),
                schema).coalesce(1);

        Dataset<Row> records = AugConSpark.builder().config(strict).stages(SCRIPTED).build().generate(documents);

        assertThatThrownBy(records::collectAsList).isInstanceOf(SparkException.class)
                .hasMessageContaining("partition 0, row 2 (id 'empty'): column 'text' is blank");
    }

    @Test
    void aFactoryThatLeavesOutTheLlmFailsTheJobWithTheBuildersReason() {
        StageFactory nothing = builder -> builder.seed(31);

        Dataset<Row> records = AugConSpark.builder().stages(nothing).build().generate(documents(1));

        assertThatThrownBy(records::collectAsList).isInstanceOf(SparkException.class)
                .hasMessageContaining("llm: an LlmBackend is required");
    }

    @Test
    void aMissingColumnIsNamedWithTheColumnsPresent() {
        Dataset<Row> documents = spark.createDataFrame(List.of(RowFactory.create("a", TEXT)),
                new StructType().add("id", DataTypes.StringType).add("body", DataTypes.StringType));

        assertThatThrownBy(() -> AugConSpark.builder().build().generate(documents))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("text column 'text' not found; the dataset has [id, body]");
    }

    @Test
    void aTextColumnThatIsNotAStringIsRefused() {
        Dataset<Row> documents = spark.createDataFrame(List.of(RowFactory.create("a", 3)),
                new StructType().add("id", DataTypes.StringType).add("text", DataTypes.IntegerType));

        assertThatThrownBy(() -> AugConSpark.builder().build().generate(documents))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("text column 'text' is int; a string column is needed");
    }

    @Test
    void crossRootDeduplicationIsRefusedSinceATaskSeesOnePartition() {
        AugConConfig dedup = AugConConfig.DEFAULTS.withSelection(s -> s.withGlobalDedup(true));

        assertThatThrownBy(() -> AugConSpark.builder().config(dedup).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("selection.global_dedup:");
    }

    @Test
    void aFactoryHoldingALiveObjectIsRefusedBeforeTheJob() {
        ScriptedLlm live = ScriptedLlm.immediate();
        StageFactory capturing = builder -> builder.llm(live);

        assertThatThrownBy(() -> AugConSpark.builder().stages(capturing).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not serializable").hasMessageContaining(ScriptedLlm.class.getName());
    }

    private static Dataset<Row> documents(int count) {
        StructType schema = new StructType().add("id", DataTypes.StringType).add("text", DataTypes.StringType);
        List<Row> rows = IntStream.range(0, count).mapToObj(i -> RowFactory.create("doc-" + i, TEXT)).toList();
        return spark.createDataFrame(rows, schema);
    }
}
