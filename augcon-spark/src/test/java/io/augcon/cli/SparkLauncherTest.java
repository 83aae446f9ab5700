package io.augcon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.spark.RecordRows;
import io.augcon.testkit.LoopbackOpenAiServer;
import io.augcon.testkit.ScriptedLlm;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The spark-submit launcher, run in this JVM on local[2]: the records of {@code augcon generate},
 * generate's options refused where Spark cannot honour them, a fleet of servers spread over tasks,
 * and bad input skipped as the CLI skips it.
 */
class SparkLauncherTest {
    /** The English samples: a Markdown file, a text file and a JSONL file. */
    private static final Path SAMPLES_EN = Path.of("..", "augcon-examples", "samples", "en").toAbsolutePath();
    private static final String KEY_ENV = "AUGCON_TEST_KEY";
    private static final String TEXT = "Tides rise and fall twice a day. The moon pulls the water toward it. "
            + "The sun pulls too, less strongly. When both pull together the tides are highest.";

    @TempDir
    Path dir;

    @Test
    void offlineJsonlPartFilesHoldTheLinesAugconGenerateWrites() throws IOException {
        Path cli = dir.resolve("cli.jsonl");
        Run generate = Run.cli("generate", "--input", SAMPLES_EN.toString(), "--output", cli.toString(), "--seed", "5");
        assertThat(generate.exitCode()).as(generate.err()).isZero();

        Path out = dir.resolve("spark");
        Run spark = Run.launcher("--master", "local[2]", "--partitions", "2", "--input", SAMPLES_EN.toString(),
                "--output", out.toString(), "--seed", "5");

        assertThat(spark.exitCode()).as(spark.err()).isZero();
        List<String> expected = Files.readAllLines(cli, StandardCharsets.UTF_8);
        assertThat(expected).hasSizeGreaterThan(50);
        assertThat(partLines(out, ".jsonl")).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(spark.err()).contains("augcon: wrote " + expected.size() + " records to " + out);
    }

    @Test
    void globalDedupOnSparkKeepsTheLinesAugconGenerateKeeps() throws IOException {
        Path cli = dir.resolve("cli-dedup.jsonl");
        Run generate = Run.cli("generate", "--input", SAMPLES_EN.toString(), "--output", cli.toString(), "--seed", "5",
                "--global-dedup");
        assertThat(generate.exitCode()).as(generate.err()).isZero();
        assertThat(generate.err()).contains("cross-root duplicates dropped");

        Path out = dir.resolve("spark-dedup");
        Run spark = Run.launcher("--master", "local[2]", "--partitions", "3", "--input", SAMPLES_EN.toString(),
                "--output", out.toString(), "--seed", "5", "--global-dedup");

        assertThat(spark.exitCode()).as(spark.err()).isZero();
        assertThat(partLines(out, ".jsonl")).containsExactlyInAnyOrderElementsOf(Files.readAllLines(cli, StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--batch         | --batch is not available on Spark: a Spark job's tasks ask the LLM online",
        "--max-calls     | --max-calls is not available on Spark: an LLM budget is counted in one JVM",
        "--train-scorer  | --train-scorer is not available on Spark: each task would train its own scorer",
        "--dry-run       | --dry-run is not available on Spark",
        "--report        | --report is not available on Spark: build the report from the part files",
    })
    void generatesOptionsThatSparkCannotHonourAreRefusedNamingWhy(String option, String message) {
        List<String> args = new ArrayList<>(List.of("--input", SAMPLES_EN.toString(), "--output", dir.resolve("o").toString()));
        args.add(option);
        if (!option.equals("--train-scorer") && !option.equals("--dry-run") && !option.equals("--batch")) {
            args.add(option.equals("--max-calls") ? "10" : dir.resolve("x").toString());
        }
        if (option.equals("--max-calls") || option.equals("--train-scorer") || option.equals("--batch")) {
            args.addAll(List.of("--base-url", "http://127.0.0.1:9/v1"));
        }

        Run run = Run.launcher(args.toArray(String[]::new));

        assertThat(run.exitCode()).isEqualTo(AugConCli.BAD_INPUT);
        assertThat(run.err()).startsWith("augcon: ").contains(message.strip());
        assertThat(dir.resolve("o")).doesNotExist();
    }

    @Test
    void recordsToStdoutAndParquetInAnotherFormatAreRefused() {
        Run stdout = Run.launcher("--input", SAMPLES_EN.toString(), "--output", "-");
        Run parquet = Run.launcher("--input", SAMPLES_EN.toString(), "--output", dir.resolve("p").toString(),
                "--output-format", "parquet", "--format", "alpaca");

        assertThat(stdout.exitCode()).isEqualTo(AugConCli.BAD_INPUT);
        assertThat(stdout.err()).contains("--output -: a Spark job writes part files from its tasks; name a directory");
        assertThat(parquet.exitCode()).isEqualTo(AugConCli.BAD_INPUT);
        assertThat(parquet.err()).contains("--format alpaca is written as JSONL lines");
    }

    @Test
    void aScorerFileThatIsNotThereIsNamedBeforeAnyJob() {
        Path missing = dir.resolve("missing-scorer.bin");

        Run run = Run.launcher("--input", SAMPLES_EN.toString(), "--output", dir.resolve("o").toString(),
                "--scorer", missing.toString());

        assertThat(run.exitCode()).isEqualTo(AugConCli.BAD_INPUT);
        assertThat(run.err()).contains("no such file or directory: " + missing);
        assertThat(dir.resolve("o")).doesNotExist();
    }

    @Test
    void aListOfBaseUrlsSpreadsTheTasksOverBothServers() throws IOException {
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        for (int i = 0; i < 4; i++) {
            Files.writeString(corpus.resolve("doc-" + i + ".txt"), TEXT, StandardCharsets.UTF_8);
        }
        try (LoopbackOpenAiServer first = server(); LoopbackOpenAiServer second = server()) {
            Path out = dir.resolve("fleet");
            Run run = Run.launcher("--master", "local[2]", "--partitions", "4", "--input", corpus.toString(),
                    "--output", out.toString(), "--base-url", first.baseUrl(), "--base-url", second.baseUrl(),
                    "--api-key-env", KEY_ENV, "--model", first.model(), "--search-budget", "1", "--concurrency", "4");

            assertThat(run.exitCode()).as(run.err()).isZero();
            String model = "\"model\":\"" + first.model() + "\"";
            List<String> lines = partLines(out, ".jsonl");
            assertThat(lines).allSatisfy(line -> assertThat(line).contains(model));
            for (int i = 0; i < 4; i++) {
                String document = "\"document_id\":\"doc-" + i + ".txt\"";
                assertThat(lines).anySatisfy(line -> assertThat(line).contains(document));
            }
            // Partitions 0 and 2 go to the first server, 1 and 3 to the second.
            assertThat(first.requestCount()).isPositive();
            assertThat(second.requestCount()).isPositive();
        }
    }

    @Test
    void aWorkDirKeepsTheJobsAnswersSoARerunAsksTheLlmNothing() throws IOException {
        Path corpus = Files.createDirectories(dir.resolve("cached"));
        for (int i = 0; i < 3; i++) {
            Files.writeString(corpus.resolve("doc-" + i + ".txt"), TEXT, StandardCharsets.UTF_8);
        }
        Path work = dir.resolve("work");
        try (LoopbackOpenAiServer server = server()) {
            String[] args = {"--master", "local[2]", "--partitions", "3", "--input", corpus.toString(),
                "--base-url", server.baseUrl(), "--api-key-env", KEY_ENV, "--model", server.model(),
                "--concurrency", "4", "--work-dir", work.toString()};
            Run first = Run.launcher(concat(args, "--output", dir.resolve("first").toString()));
            assertThat(first.exitCode()).as(first.err()).isZero();
            int asked = server.requestCount();
            Run second = Run.launcher(concat(args, "--output", dir.resolve("second").toString()));

            assertThat(second.exitCode()).as(second.err()).isZero();
            assertThat(asked).isPositive();
            assertThat(server.requestCount()).as("requests of the rerun").isEqualTo(asked);
            assertThat(partLines(dir.resolve("second"), ".jsonl"))
                    .containsExactlyInAnyOrderElementsOf(partLines(dir.resolve("first"), ".jsonl"));
            assertThat(work.resolve("answers")).isDirectory();
        }
    }

    private static String[] concat(String[] args, String... more) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void badFilesAreSkippedAndNamedAndStrictModeStopsAtTheFirst() throws IOException {
        Path corpus = Files.createDirectories(dir.resolve("mixed"));
        Files.writeString(corpus.resolve("good.txt"), TEXT, StandardCharsets.UTF_8);
        Files.write(corpus.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9, '.', ' ', 'A', 'b', 'c', '.'});
        Files.writeString(corpus.resolve("lines.jsonl"), "{\"id\": \"a\", \"text\": \"" + TEXT + "\"}\n{\"id\": \"b\"}\n",
                StandardCharsets.UTF_8);

        Run lenient = Run.launcher("--master", "local[2]", "--input", corpus.toString(), "--output", dir.resolve("l").toString());
        Run strict = Run.launcher("--master", "local[2]", "--input", corpus.toString(), "--output", dir.resolve("s").toString(),
                "--strict");

        assertThat(lenient.exitCode()).as(lenient.err()).isZero();
        assertThat(partLines(dir.resolve("l"), ".jsonl")).isNotEmpty()
                .allSatisfy(line -> assertThat(line).containsAnyOf("\"document_id\":\"good.txt\"", "\"document_id\":\"a\""));
        assertThat(strict.exitCode()).isEqualTo(AugConCli.BAD_INPUT);
        assertThat(strict.err()).contains("latin1.txt").doesNotContain("run failed");
    }

    @Test
    void aParquetCorpusWithoutIdsBecomesParquetRecordsNamedByFileAndRow() {
        Path corpus = dir.resolve("corpus.parquet");
        SparkSession spark = LocalSpark.start();
        try {
            StructType schema = new StructType().add("text", DataTypes.StringType).add("lang", DataTypes.StringType);
            spark.createDataFrame(List.of(RowFactory.create(TEXT, "en"), RowFactory.create(TEXT, "en")), schema)
                    .coalesce(1).write().parquet(corpus.toString());
        } finally {
            spark.stop();
        }
        Path out = dir.resolve("records");

        Run run = Run.launcher("--master", "local[2]", "--input", corpus.toString(), "--output", out.toString(),
                "--output-format", "parquet");

        assertThat(run.exitCode()).as(run.err()).isZero();
        spark = LocalSpark.start();
        try {
            Dataset<Row> records = spark.read().parquet(out.toString());
            assertThat(records.schema()).isEqualTo(RecordRows.schema().asNullable());
            List<String> documents = records.select("document_id").distinct().as(Encoders.STRING()).collectAsList();
            assertThat(documents).hasSize(2).allSatisfy(id -> assertThat(id).matches("part-00000-.*\\.parquet:[12]"));
            assertThat(run.err()).contains("augcon: wrote " + records.count() + " records to " + out);
        } finally {
            spark.stop();
        }
    }

    private static LoopbackOpenAiServer server() {
        return LoopbackOpenAiServer.builder().handler(ScriptedLlm.immediate()).apiKey(System.getenv(KEY_ENV)).build().start();
    }

    /** Every line of the part files with {@code suffix} in {@code dir}. */
    static List<String> partLines(Path dir, String suffix) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("part-")).toList()) {
                assertThat(file.getFileName().toString()).endsWith(suffix);
                lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            }
        }
        return lines;
    }

    /** One in-process run of the CLI or the launcher: exit code and stderr. */
    record Run(int exitCode, String err) {
        static Run launcher(String... args) {
            StringWriter err = new StringWriter();
            int code = SparkGenerateCommand.run(args, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
            return new Run(code, err.toString());
        }

        static Run cli(String... args) {
            StringWriter err = new StringWriter();
            int code = AugConCli.run(args, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
            return new Run(code, err.toString());
        }
    }
}
