package io.augcon.spark.bench;

import io.augcon.api.Document;
import io.augcon.api.Language;
import io.augcon.core.AugCon;
import io.augcon.core.AugConBuilder;
import io.augcon.core.config.AugConConfig;
import io.augcon.core.corpus.CorpusReader;
import io.augcon.llm.openai.OpenAiChatBackend;
import io.augcon.spark.AugConSpark;
import io.augcon.spark.RecordRows;
import io.augcon.spark.StageFactory;
import io.augcon.testkit.BenchArgs;
import io.augcon.testkit.LoopbackOpenAiServer;
import io.augcon.testkit.ScriptedLlm;
import io.augcon.testkit.ServiceLog;
import io.augcon.testkit.ServiceSlots;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Issue 15's utilization measurement: the same corpus through the same OpenAI chat backend to a
 * loopback server with service slots (a fixed number of requests served at once, each for a fixed
 * latency; the rest queue), once in one JVM and once as a Spark job in local mode, each against a
 * fresh server. Prints how busy each kept the server (mean requests in service / slots, leaving out
 * the last 10% of requests, and over the whole run), the wall times, and whether both wrote the
 * same records. Not a test:
 *
 * <pre>mvn -B -Psparkutil -pl augcon-spark -am test -DskipTests -Dsparkutil.args="--repeat 4 --slots 64"</pre>
 *
 * Options (all optional): {@code --corpus DIR} (default the bundled samples), {@code --repeat N}
 * (copies of every document, with distinct ids; default 4), {@code --slots N} (64),
 * {@code --latency-ms N} (200), {@code --concurrency N} (as the slots), {@code --master M}
 * ({@code local[2]}), {@code --partitions N} (4), {@code --seed N} (7).
 */
public final class SparkUtilizationRun {
    private static final StructType DOCUMENTS = new StructType().add("id", DataTypes.StringType)
            .add("text", DataTypes.StringType).add("language", DataTypes.StringType);

    private SparkUtilizationRun() {
    }

    /** Runs both and prints the comparison; see the class description for the options. */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchArgs.pairs(args);
        Path samples = Path.of(options.getOrDefault("corpus", "../augcon-examples/samples")).toAbsolutePath().normalize();
        int repeat = Integer.parseInt(options.getOrDefault("repeat", "4"));
        int slots = Integer.parseInt(options.getOrDefault("slots", "64"));
        long latencyMs = Long.parseLong(options.getOrDefault("latency-ms", "200"));
        int concurrency = Integer.parseInt(options.getOrDefault("concurrency", Integer.toString(slots)));
        String master = options.getOrDefault("master", "local[2]");
        int partitions = Integer.parseInt(options.getOrDefault("partitions", "4"));
        long seed = Long.parseLong(options.getOrDefault("seed", "7"));
        List<Document> corpus = corpus(samples, repeat);
        AugConConfig config = AugConConfig.DEFAULTS.withSeed(seed).withLlm(p -> p.withConcurrency(concurrency));
        System.out.printf(Locale.ROOT, "corpus %s x %d (%d documents), slots %d, latency %d ms, concurrency %d;"
                + " Spark %s, %d partitions%n", samples, repeat, corpus.size(), slots, latencyMs, concurrency, master,
                partitions);

        Measured single = measure(slots, latencyMs, url -> {
            AugConBuilder builder = AugCon.builder().config(config);
            stages(url).configure(builder);
            return builder.build().generate(corpus).records().stream().map(RecordRows::toRow).toList();
        });
        print("one JVM", single);

        SparkSession spark = SparkSession.builder().master(master).appName("augcon-spark-utilization")
                .config("spark.ui.enabled", "false").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.driver.host", "127.0.0.1").getOrCreate();
        Measured onSpark;
        try {
            Dataset<Row> documents = spark.createDataFrame(corpus.stream().map(d -> RowFactory.create(d.id(), d.text(),
                    d.declaredLanguage().map(Language::code).orElse(null))).toList(), DOCUMENTS).repartition(partitions);
            documents.cache().count();
            onSpark = measure(slots, latencyMs, url -> AugConSpark.builder().config(config).stages(stages(url))
                    .languageColumn("language").build().generate(documents).collectAsList());
        } finally {
            spark.stop();
        }
        print("Spark " + master, onSpark);
        System.out.printf(Locale.ROOT, "utilization Spark / one JVM %.3f (excluding the last 10%%), %.3f (whole run);"
                + " wall Spark / one JVM %.2f; same records as a set: %b (%d and %d)%n",
                onSpark.log.utilization(0.1) / single.log.utilization(0.1), onSpark.log.utilization(0) / single.log.utilization(0),
                (double) onSpark.wallNanos / single.wallNanos, new HashSet<>(onSpark.records).equals(new HashSet<>(single.records)),
                single.records.size(), onSpark.records.size());
        System.exit(0);
    }

    /** The OpenAI chat backend to {@code url}, as every task builds it. */
    private static StageFactory stages(String url) {
        return builder -> builder.llm(OpenAiChatBackend.builder().baseUrl(url).model("loopback")
                .timeout(Duration.ofMinutes(10)).build());
    }

    /** One run against a fresh server with service slots. */
    private static Measured measure(int slots, long latencyMs, Job job) throws Exception {
        ServiceSlots server = ServiceSlots.builder().slots(slots).perRequest(Duration.ofMillis(latencyMs)).build();
        try (LoopbackOpenAiServer loopback = LoopbackOpenAiServer.builder().model("loopback")
                .handler(ScriptedLlm.immediate()).threads(4).serviceSlots(server).build().start()) {
            long t0 = System.nanoTime();
            List<Row> records = job.run(loopback.baseUrl());
            return new Measured(records, server.log(), System.nanoTime() - t0);
        }
    }

    private static void print(String name, Measured m) {
        System.out.printf(Locale.ROOT, "%s: %d records, %d requests, utilization %.3f excluding the last 10%% of"
                + " requests, %.3f over the whole run; wall %.1f s, ideal %.1f s (total service / slots)%n", name,
                m.records.size(), m.log.requests(), m.log.utilization(0.1), m.log.utilization(0), m.wallNanos / 1e9,
                m.log.idealWallNanos() / 1e9);
    }

    /** Every document under {@code samples}, {@code copies} times, each copy under ids of its own. */
    private static List<Document> corpus(Path samples, int copies) throws Exception {
        List<Document> read;
        try (Stream<Document> documents = CorpusReader.builder().build().read(samples)) {
            read = documents.toList();
        }
        List<Document> out = new ArrayList<>();
        for (int c = 0; c < copies; c++) {
            for (Document d : read) {
                out.add(new Document("copy" + c + "-" + d.id(), d.text(), d.source(), d.language()));
            }
        }
        return out;
    }

    /** What one run wrote, as rows, given its server's URL. */
    private interface Job {
        List<Row> run(String url) throws Exception;
    }

    private record Measured(List<Row> records, ServiceLog log, long wallNanos) {
    }
}
