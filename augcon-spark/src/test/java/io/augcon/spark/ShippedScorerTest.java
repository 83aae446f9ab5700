package io.augcon.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.api.Document;
import io.augcon.api.LlmBackend;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.core.AugCon;
import io.augcon.core.config.AugConConfig;
import io.augcon.core.corpus.CorpusReader;
import io.augcon.core.scoring.QueryPair;
import io.augcon.scorer.ContrastiveScorer;
import io.augcon.scorer.Encoders;
import io.augcon.scorer.ScorerTrainer;
import io.augcon.testkit.ScriptedLlm;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scorer file read on the driver travels in the plan: the executors rank with it though the file
 * is gone, and the records, scores included, equal a single-JVM run given the same file.
 */
class ShippedScorerTest {
    private static final List<String> TEXTS = List.of(
            "Tides rise and fall twice a day. The moon pulls the water toward it. The sun pulls too, less strongly."
                    + " When both pull together the tides are highest.",
            "A bicycle's gears trade speed for force. A small front ring and a large rear sprocket make climbing easy."
                    + " A large ring and a small sprocket make the wheel turn fast on the flat.",
            "Bread rises because yeast eats sugar and gives off gas. The gluten in the dough traps the gas in bubbles."
                    + " Baking sets the bubbles, and the crust browns as sugars caramelise.",
            "The library lends books for three weeks. A loan can be renewed twice unless someone has reserved the"
                    + " book. Late returns cost ten cents a day.");
    private static final Path SAMPLES = Path.of("..", "augcon-examples", "samples", "en");
    private static final AtomicLong NEGATIVES = new AtomicLong();
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
    void executorsRankWithTheDriversScorerFileAndTheRecordsEqualASingleJvmRuns(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("scorer.json");
        ScorerTrainer.builder().encoder(Encoders.byName("bge-small-en")).maxEpochs(5).build()
                .train(pairs(), List.of()).scorer().save(file);
        AugConConfig config = AugConConfig.DEFAULTS.withSeed(41).withLlm(p -> p.withConcurrency(4));
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < TEXTS.size(); i++) {
            documents.add(Document.of("doc-" + i, TEXTS.get(i)));
        }
        List<Row> single = AugCon.builder().config(config).llm(ScriptedLlm.immediate()).scorer(ContrastiveScorer.load(file))
                .build().generate(documents).records().stream().map(RecordRows::toRow).toList();

        ShippedScorer scorer = ShippedScorer.read(file);
        Files.delete(file);
        StageFactory stages = builder -> {
            builder.llm(ScriptedLlm.immediate());
            scorer.configure(builder);
        };
        List<Row> onSpark = AugConSpark.builder().config(config).stages(stages).build()
                .generate(rows(documents, 2)).collectAsList();

        assertThat(single).isNotEmpty().allSatisfy(row -> assertThat(row.get(7)).as("score").isNotNull());
        assertThat(onSpark).containsExactlyInAnyOrderElementsOf(single);
    }

    @Test
    void theDriverTrainsTheScorerOnceAndEveryTaskRanksWithIt(@TempDir Path dir) throws Exception {
        List<Document> corpus;
        try (Stream<Document> documents = CorpusReader.builder().build().read(SAMPLES)) {
            corpus = documents.toList();
        }
        AugConConfig config = AugConConfig.DEFAULTS.withSeed(43).withLlm(p -> p.withConcurrency(4))
                .withSelection(s -> s.withScorerPairsPerKind(10));
        StageFactory stages = builder -> builder.llm(ScriptedLlm.immediate()).decorate(ShippedScorerTest::counted);
        NEGATIVES.set(0);

        Dataset<Row> records = AugConSpark.builder().config(config).stages(stages).workDir(dir.toString())
                .trainScorer(ScorerTrainer.builder().encoder(Encoders.byName("bge-small-en")).maxEpochs(5).build())
                .build().generate(rows(corpus, 3));
        long negativesOnTheDriver = NEGATIVES.getAndSet(0);
        List<Row> onSpark = records.collectAsList();

        assertThat(negativesOnTheDriver).as("the warm-up's negatives, asked by the driver").isPositive();
        assertThat(NEGATIVES.get()).as("no task trains").isZero();
        List<Row> single = AugCon.builder().config(config).llm(ScriptedLlm.immediate())
                .scorer(ContrastiveScorer.load(dir.resolve("scorer.json"))).build().generate(corpus).records().stream()
                .map(RecordRows::toRow).toList();
        assertThat(single).isNotEmpty().allSatisfy(row -> assertThat(row.get(7)).as("score").isNotNull());
        assertThat(onSpark).containsExactlyInAnyOrderElementsOf(single);
    }

    @Test
    void aMissingFileIsNamedOnTheDriver(@TempDir Path dir) {
        assertThatThrownBy(() -> ShippedScorer.read(dir.resolve("none.json"))).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("none.json");
    }

    /** {@code llm} counting the requests for the scorer's negatives, in this JVM (local mode: the driver's and every task's). */
    private static LlmBackend counted(LlmBackend llm) {
        return new LlmBackend() {
            @Override
            public CompletionStage<LlmResponse> complete(LlmRequest request) {
                if (request.stage().equals("scorer-negative")) {
                    NEGATIVES.incrementAndGet();
                }
                return llm.complete(request);
            }

            @Override
            public String modelName() {
                return llm.modelName();
            }
        };
    }

    /** For each text, its first sentence asked about well and badly. */
    private static List<QueryPair> pairs() {
        List<QueryPair> pairs = new ArrayList<>();
        for (String text : TEXTS) {
            String topic = text.substring(0, text.indexOf(' ', 6));
            pairs.add(new QueryPair(text, "What does the text say about " + topic.toLowerCase() + "?", "What?", "vague"));
            pairs.add(new QueryPair(text, "How does " + topic.toLowerCase() + " work?", "Is it?", "vague"));
        }
        return pairs;
    }

    private static Dataset<Row> rows(List<Document> documents, int partitions) {
        StructType schema = new StructType().add("id", DataTypes.StringType).add("text", DataTypes.StringType);
        List<Row> rows = documents.stream().map(d -> RowFactory.create(d.id(), d.text())).toList();
        return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, partitions),
                schema);
    }
}
