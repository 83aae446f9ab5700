package io.augcon.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.api.Document;
import io.augcon.api.LlmBackend;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.core.AugCon;
import io.augcon.core.AugConBuilder;
import io.augcon.core.Generated;
import io.augcon.core.config.AugConConfig;
import io.augcon.core.event.SearchReport;
import io.augcon.llm.openai.OpenAiChatBackend;
import io.augcon.testkit.LoopbackOpenAiServer;
import io.augcon.testkit.ScriptedLlm;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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

    private static final AtomicInteger IN_FLIGHT = new AtomicInteger();
    private static final AtomicInteger MOST_IN_FLIGHT = new AtomicInteger();
    private static final AtomicLong SEARCH_REQUESTS = new AtomicLong();

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
        PipelinePool pool = PipelinePool.mostRecentlyUsed().orElseThrow();
        long second = job.generate(documents).count();

        assertThat(first).isPositive().isEqualTo(second);
        assertThat(PipelinePool.mostRecentlyUsed()).containsSame(pool);
        // Ten tasks ran on local[2]: at most two at once, so at most two pipelines.
        assertThat(pool.built()).isBetween(1, 2);
    }

    @Test
    void theJobAsAWholeKeepsTheConfiguredRequestsInFlightAndWritesTheSingleJvmRecords() throws InterruptedException {
        try (LoopbackOpenAiServer server = LoopbackOpenAiServer.builder().handler(ScriptedLlm.immediate()).threads(16)
                .build().start()) {
            server.latency(Duration.ofMillis(20));
            String url = server.baseUrl();
            StageFactory loopback = builder -> builder.llm(OpenAiChatBackend.builder().baseUrl(url).build())
                    .decorate(AugConSparkTest::counted);
            // local[2]: two tasks at once, so 2 requests each; without the share each task would keep 4.
            // The automatic search budget: sized on the driver for the whole corpus, as in one JVM.
            AugConConfig config = AugConConfig.DEFAULTS.withSeed(37).withLlm(p -> p.withConcurrency(4));

            SEARCH_REQUESTS.set(0);
            Dataset<Row> records = AugConSpark.builder().config(config).stages(loopback).build()
                    .generate(documents(12).repartition(4));
            long searchedOnTheDriver = SEARCH_REQUESTS.getAndSet(0);
            List<Row> onSpark = records.collectAsList();
            long searchedInTasks = SEARCH_REQUESTS.getAndSet(0);

            // Counted by the clients: the server's own count lets a reply's next request arrive before
            // it has counted the reply as written, so it may see one more per connection.
            assertThat(MOST_IN_FLIGHT.get()).isBetween(3, 4);
            AugConBuilder oneJvm = AugCon.builder().config(config);
            loopback.configure(oneJvm);
            Generated single = oneJvm.build().generate(IntStream.range(0, 12).mapToObj(i -> Document.of("doc-" + i, TEXT))
                    .toList());
            List<Row> expected = single.records().stream().map(RecordRows::toRow).toList();
            assertThat(onSpark).isNotEmpty().containsExactlyInAnyOrderElementsOf(expected);
            SearchReport search = single.summary().demonstrations().get("en");
            assertThat(search.budget().scaled()).as("a budget scaled for the 12 documents, not for a partition's 3")
                    .isTrue();
            assertThat(search.searched()).isTrue();
            assertThat(searchedOnTheDriver).isEqualTo(SEARCH_REQUESTS.get()).isPositive();
            assertThat(searchedInTasks).isZero();
        }
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
    void aFactoryThatLeavesOutTheLlmFailsOnTheDriverWithTheBuildersReason() {
        StageFactory nothing = builder -> builder.seed(31);
        AugConSpark job = AugConSpark.builder().stages(nothing).build();

        // The driver builds the factory's pipeline for the job's demonstration search, before any task.
        assertThatThrownBy(() -> job.generate(documents(1))).isInstanceOf(IllegalArgumentException.class)
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
    void aFactoryHoldingALiveObjectIsRefusedBeforeTheJob() {
        ScriptedLlm live = ScriptedLlm.immediate();
        StageFactory capturing = builder -> builder.llm(live);

        assertThatThrownBy(() -> AugConSpark.builder().stages(capturing).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not serializable").hasMessageContaining(ScriptedLlm.class.getName());
    }

    /** {@code llm} counting the requests in flight in this JVM, which in local mode is every task's. */
    private static LlmBackend counted(LlmBackend llm) {
        return new LlmBackend() {
            @Override
            public CompletionStage<LlmResponse> complete(LlmRequest request) {
                if (request.stage().equals("response-search") || request.stage().equals("response-judge")) {
                    SEARCH_REQUESTS.incrementAndGet();
                }
                MOST_IN_FLIGHT.accumulateAndGet(IN_FLIGHT.incrementAndGet(), Math::max);
                return llm.complete(request).whenComplete((response, error) -> IN_FLIGHT.decrementAndGet());
            }

            @Override
            public String modelName() {
                return llm.modelName();
            }
        };
    }

    private static Dataset<Row> documents(int count) {
        StructType schema = new StructType().add("id", DataTypes.StringType).add("text", DataTypes.StringType);
        List<Row> rows = IntStream.range(0, count).mapToObj(i -> RowFactory.create("doc-" + i, TEXT)).toList();
        return spark.createDataFrame(rows, schema);
    }
}
