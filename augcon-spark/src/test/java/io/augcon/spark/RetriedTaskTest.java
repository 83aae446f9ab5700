package io.augcon.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.api.Document;
import io.augcon.api.Language;
import io.augcon.api.LlmBackend;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.core.AugCon;
import io.augcon.core.AugConBuilder;
import io.augcon.core.config.AugConConfig;
import io.augcon.core.corpus.CorpusReader;
import io.augcon.core.llm.RequestKey;
import io.augcon.testkit.ScriptedLlm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task that dies mid-partition is retried by Spark (local mode with task retries, {@code
 * local[2,3]}): with a work directory the retry reads the dead attempt's answers and asks the LLM
 * none of them again, and the records written equal a clean single-JVM run's, each once.
 */
class RetriedTaskTest {
    private static final Path SAMPLES = Path.of("..", "augcon-examples", "samples", "en");
    private static final StructType DOCUMENTS = new StructType()
            .add("id", DataTypes.StringType)
            .add("text", DataTypes.StringType)
            .add("language", DataTypes.StringType);
    private static final AugConConfig CONFIG = AugConConfig.DEFAULTS.withSeed(23).withLlm(p -> p.withConcurrency(4));
    private static final StageFactory COUNTED = builder -> builder.llm(ScriptedLlm.immediate())
            .decorate(RetriedTaskTest::counted);
    /** Records the failing partition lets through before its first attempt dies. */
    private static final int RECORDS_BEFORE_DEATH = 5;

    /** The request key of every call that reached the LLM, in the order sent (local mode: one JVM). */
    private static final List<String> CALLS = new CopyOnWriteArrayList<>();
    private static final Set<String> ANSWERED = ConcurrentHashMap.newKeySet();
    /** What had been answered, and how many calls sent, when the attempt died. */
    private static volatile Set<String> answeredAtDeath;
    private static volatile int callsAtDeath = -1;

    private static SparkSession spark;
    private static List<Document> corpus;
    private static List<Row> cleanRecords;
    /** How many times a clean run asks each request. */
    private static Map<String, Long> cleanCalls;

    @BeforeAll
    static void start() throws Exception {
        spark = SparkSession.builder()
                .master("local[2,3]")          // two threads, and a task is tried up to three times
                .appName("augcon-spark-retry-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
        try (Stream<Document> documents = CorpusReader.builder().build().read(SAMPLES)) {
            corpus = documents.toList();
        }
        AugConBuilder builder = AugCon.builder().config(CONFIG);
        COUNTED.configure(builder);
        cleanRecords = builder.build().generate(corpus).records().stream().map(RecordRows::toRow).toList();
        cleanCalls = counts(CALLS);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @BeforeEach
    void forgetCalls() {
        CALLS.clear();
        ANSWERED.clear();
        answeredAtDeath = null;
        callsAtDeath = -1;
    }

    @Test
    void withAWorkDirTheRetryAsksNothingTheDeadAttemptHadAnsweredAndRecordsComeOutOnce(@TempDir Path dir)
            throws Exception {
        List<Row> written = runWithATaskThatDies(AugConSpark.builder().workDir(dir.resolve("work").toString()), dir);

        assertThat(answeredAtDeath).as("the attempt died after it had answers").isNotEmpty();
        assertThat(repeatedAfterDeath()).as("answers the dead attempt had, asked again").isZero();
        // Only what the dead attempt had no answer for when it died may be asked again: what it had
        // in flight, and what it sent before it was stopped (how many depends on timing; once 10).
        Map<String, Long> calls = counts(CALLS);
        assertThat(calls.keySet()).as("the requests a clean run asks").isEqualTo(cleanCalls.keySet());
        Set<String> askedMore = calls.keySet().stream().filter(key -> calls.get(key) > cleanCalls.get(key))
                .collect(Collectors.toSet());
        assertThat(askedMore).as("requests asked more often than in a clean run").doesNotContainAnyElementsOf(answeredAtDeath);
        assertThat(written).hasSameSizeAs(cleanRecords).containsExactlyInAnyOrderElementsOf(cleanRecords);
        try (Stream<Path> segments = Files.list(dir.resolve("work/answers/partition-00001"))) {
            assertThat(segments.filter(f -> f.toString().endsWith(".jsonl"))).as("one file per attempt").hasSize(2);
        }
    }

    @Test
    void withoutAWorkDirTheRetryPaysAgainForWhatTheDeadAttemptHadAnswered(@TempDir Path dir) throws Exception {
        List<Row> written = runWithATaskThatDies(AugConSpark.builder(), dir);

        assertThat(repeatedAfterDeath()).isPositive();
        assertThat(written).hasSameSizeAs(cleanRecords).containsExactlyInAnyOrderElementsOf(cleanRecords);
    }

    @Test
    void aSecondActionOnTheResultAsksTheLlmNothingWithAWorkDir(@TempDir Path dir) {
        Dataset<Row> records = AugConSpark.builder().workDir(dir.toString()).config(CONFIG).stages(COUNTED)
                .languageColumn("language").build().generate(documents(3));
        long first = records.count();
        int callsOfTheFirst = CALLS.size();

        long second = records.count();

        assertThat(second).isEqualTo(first).isEqualTo(cleanRecords.size());
        assertThat(CALLS).hasSize(callsOfTheFirst);
    }

    /** Runs the job on 3 partitions, the middle one's first attempt dying mid-way, and reads back what it wrote. */
    private static List<Row> runWithATaskThatDies(AugConSpark.Builder job, Path dir) {
        Dataset<Row> records = job.config(CONFIG).stages(COUNTED).languageColumn("language").build()
                .generate(documents(3));
        // Pipelined into the same task as the generation: it kills the whole attempt mid-partition.
        Dataset<Row> dying = records.mapPartitions(new DiesOnce(1), Encoders.row(RecordRows.schema()));
        String out = dir.resolve("out").toString();

        dying.write().json(out);

        assertThat(callsAtDeath).as("the first attempt died").isNotNegative();
        return spark.read().schema(RecordRows.schema()).json(out).collectAsList();
    }

    private static Map<String, Long> counts(List<String> keys) {
        return keys.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    /** Calls sent after the death for requests answered before it. */
    private static long repeatedAfterDeath() {
        return IntStream.range(callsAtDeath, CALLS.size()).filter(i -> answeredAtDeath.contains(CALLS.get(i))).count();
    }

    private static Dataset<Row> documents(int partitions) {
        List<Row> rows = corpus.stream().map(d -> RowFactory.create(d.id(), d.text(),
                d.declaredLanguage().map(Language::code).orElse(null))).toList();
        return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(new ArrayList<>(rows), partitions), DOCUMENTS);
    }

    private static LlmBackend counted(LlmBackend llm) {
        return new LlmBackend() {
            @Override
            public CompletionStage<LlmResponse> complete(LlmRequest request) {
                String key = RequestKey.of(llm.modelName(), request);
                CALLS.add(key);
                return llm.complete(request).whenComplete((response, error) -> {
                    if (error == null) {
                        ANSWERED.add(key);
                    }
                });
            }

            @Override
            public String modelName() {
                return llm.modelName();
            }
        };
    }

    /** Lets a few records of one partition through on its first attempt, then fails the task. */
    private static final class DiesOnce implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final int partition;

        DiesOnce(int partition) {
            this.partition = partition;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            TaskContext task = TaskContext.get();
            boolean dies = task.partitionId() == partition && task.attemptNumber() == 0;
            return new Iterator<>() {
                private int passed;

                @Override
                public boolean hasNext() {
                    if (dies && passed == RECORDS_BEFORE_DEATH) {
                        answeredAtDeath = Set.copyOf(ANSWERED);
                        callsAtDeath = CALLS.size();
                        throw new IllegalStateException("test: the task dies mid-partition");
                    }
                    return rows.hasNext();
                }

                @Override
                public Row next() {
                    passed++;
                    return rows.next();
                }
            };
        }
    }
}
