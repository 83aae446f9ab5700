package io.augcon.cli;

import io.augcon.core.AugCon;
import io.augcon.core.AugConBuilder;
import io.augcon.core.config.AugConConfig;
import io.augcon.core.corpus.BadInputException;
import io.augcon.spark.AugConSpark;
import io.augcon.spark.StageFactory;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code augcon generate} on Apache Spark: the main class of {@code augcon-spark.jar} (for
 * {@code spark-submit}) and of {@code augcon-spark-local.jar} (Spark inside, for {@code java -jar}).
 *
 * <pre>
 * spark-submit --class io.augcon.cli.SparkGenerateCommand augcon-spark.jar --input hdfs:///corpus --output hdfs:///sft
 * java -Xmx2g -jar augcon-spark-local.jar --master 'local[2]' --input docs/ --output sft/
 * </pre>
 *
 * <p>Its options are {@code generate}'s own, taken from {@link GenerateCommand} as a mixin (one
 * definition, one mapping to the configuration), plus {@code --master}, {@code --partitions} and
 * {@code --output-format}. Those that cannot mean on Spark what they mean in one JVM are refused
 * with the reason, never ignored. The exit codes are the CLI's ({@link ExitCodes}).
 */
@Command(
        name = "augcon-spark",
        versionProvider = AugConCli.Version.class,
        description = "augcon generate on Apache Spark: reads a directory of .txt/.md/.jsonl files or a Parquet directory,"
                + " runs the pipeline in Spark tasks and writes Spark part files (JSONL or Parquet).")
public final class SparkGenerateCommand implements Callable<Integer> {
    /** The master when neither {@code --master} nor spark-submit names one. */
    static final String LOCAL_MASTER = "local[*]";

    @Spec
    CommandSpec spec;

    /** Every option of {@code augcon generate}, from generate itself. */
    @Mixin
    GenerateCommand generate = new GenerateCommand();

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark's master, e.g. local[2] or spark://host:7077 (default: spark-submit's, else " + LOCAL_MASTER + ").")
    String master;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Partitions the documents are spread over (default: one per input file for text and JSONL, Spark's split"
                    + " for Parquet). With an LLM, a job keeps --concurrency requests in flight in all, shared by its tasks.")
    Integer partitions;

    @Option(names = "--output-format", paramLabel = "jsonl|parquet", defaultValue = "jsonl", converter = OutputFormats.class,
            completionCandidates = OutputFormats.class, description = "Part files of JSONL lines or Parquet rows (default: ${DEFAULT-VALUE}).")
    SparkOutput.Format outputFormat;

    /** The launcher, as {@code spark-submit} or {@code java -jar} calls it. */
    public static void main(String[] args) {
        quietLocalLogging();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        // As the CLI: libraries that print on load (jieba) go to stderr; stdout stays the user's.
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        System.exit(run(args, out, new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true)));
    }

    /** Runs the launcher with the given streams and returns the exit code (for tests and embedding). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return commandLine(out, err).execute(args);
    }

    /** The launcher's command line: generate's options with {@code --output} naming a directory. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new SparkGenerateCommand());
        CommandSpec spec = cli.getCommandSpec();
        OptionSpec output = spec.findOption("--output");
        spec.remove(output);
        spec.addOption(OptionSpec.builder(output).paramLabel("DIR")
                .description("The directory Spark writes its part files to (part-*.jsonl or part-*.parquet); it must not exist yet.")
                .build());
        cli.setOut(out);
        cli.setErr(err);
        return ExitCodes.install(cli);
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        ParseResult parsed = spec.commandLine().getParseResult();
        refuseWhatSparkCannotDo(parsed);
        AugConConfig config = configuration();
        String input = given(parsed, "--input");
        String output = given(parsed, "--output");
        StageFactory stages = CliStages.of(parsed.originalArgs(), generate.llm);
        SparkSession spark = session();
        try {
            SparkOutput sink = SparkOutput.prepare(spark, output, outputFormat, generate.generation.format);
            long start = System.nanoTime();
            Dataset<Row> documents = SparkInput.read(spark, input, generate.corpus.strict, partitions);
            AugConSpark.Builder job = AugConSpark.builder().config(config).stages(stages)
                    .languageColumn(SparkInput.LANGUAGE);
            if (generate.state.workDir != null) {
                // The job's shared answer cache: a retried task or a rerun pays only for what no attempt answered.
                job.workDir(generate.state.workDir.toString());
            }
            Dataset<Row> records = job.build().generate(documents);
            SparkOutput.Written written = sink.write(records);
            double seconds = (System.nanoTime() - start) / 1e9;
            err.println("augcon: wrote " + written.records() + " records to " + output + " (" + written.files()
                    + " part files, " + outputFormat.cliName() + String.format(Locale.ROOT, ") in %.1f s, %.1f records/s",
                    seconds, written.records() / seconds));
            return 0;
        } catch (Exception e) {
            // Scala's SparkException is checked but undeclared: a failed job.
            if (e instanceof SparkException failed) {
                throw badInputIn(failed);
            }
            throw e;
        } finally {
            spark.stop();
        }
    }

    /**
     * The configuration generate's options give, built by the CLI's own mixins. Files they name (seed
     * examples, principles) are read here, on the driver, into the configuration.
     */
    AugConConfig configuration() throws IOException {
        AugConBuilder builder = AugCon.builder();
        generate.corpus.applyTo(builder);
        generate.generation.applyTo(builder);
        generate.responses.applyTo(builder);
        generate.llm.applyPolicy(builder);
        ScorerOptions.Source scorer = generate.scorer.source;
        if (scorer != null && scorer.scorerModel != null && !Files.exists(scorer.scorerModel)) {
            // Loaded on the executors; a missing file is said here, before a job starts.
            throw new NoSuchFileException(scorer.scorerModel.toString());
        }
        return builder.config();
    }

    /**
     * generate's options that cannot mean on Spark what they mean in one JVM, each refused with the
     * reason and what to do instead.
     */
    private void refuseWhatSparkCannotDo(ParseResult parsed) {
        Map<String, String> refused = Map.ofEntries(
                Map.entry("--fresh", "a Spark job's work dir keeps answers only, never records; give another --work-dir to ask"
                        + " the LLM afresh"),
                Map.entry("--batch", "a Spark job's tasks ask the LLM online; run augcon.jar generate --batch in one JVM"),
                Map.entry("--batch-cancel", "batches are journaled by augcon.jar generate --batch; cancel them there"),
                Map.entry("--max-calls", "an LLM budget is counted in one JVM, and a Spark job's tasks run in many"),
                Map.entry("--max-tokens-total", "an LLM budget is counted in one JVM, and a Spark job's tasks run in many"),
                Map.entry("--dry-run", "estimate on a sample with augcon.jar generate --dry-run"),
                Map.entry("--train-scorer", "each task would train its own scorer on its own partition; train one with augcon.jar"
                        + " generate --train-scorer --save-scorer FILE and pass --scorer FILE"),
                Map.entry("--save-scorer", "it goes with --train-scorer, which the Spark launcher does not take"),
                Map.entry("--report", "build the report from the part files: augcon.jar report --input DIR"),
                Map.entry("--report-json", "build the report from the part files: augcon.jar report --input DIR --json FILE"),
                Map.entry("--report-encoder", "it goes with --report, which the Spark launcher does not take"));
        List<String> problems = new ArrayList<>();
        for (OptionSpec option : parsed.matchedOptions()) {
            String reason = refused.get(option.longestName());
            if (reason != null) {
                problems.add(option.longestName() + " is not available on Spark: " + reason);
            }
        }
        if (GenerateCommand.STDOUT.equals(given(parsed, "--output"))) {
            problems.add("--output -: a Spark job writes part files from its tasks; name a directory");
        }
        if (partitions != null && partitions < 1) {
            problems.add("--partitions must be >= 1, was " + partitions);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** The option's value as typed: a Hadoop path such as {@code s3a://bucket/x} is not a local {@code Path}. */
    private static String given(ParseResult parsed, String option) {
        return parsed.matchedOption(option).stringValues().get(0);
    }

    private SparkSession session() {
        SparkSession.Builder builder = SparkSession.builder().appName("augcon");
        String chosen = master != null ? master : new SparkConf().get("spark.master", null);
        if (chosen == null) {
            chosen = LOCAL_MASTER;
        }
        builder.master(chosen);
        if (chosen.startsWith("local") && !new SparkConf().contains("spark.driver.host")) {
            // Local mode needs no network name; a machine whose host name does not resolve still runs.
            builder.config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1");
        }
        return builder.getOrCreate();
    }

    /**
     * A failed job's bad input (strict mode) as the CLI reports it, exit 2; anything else as it came.
     */
    private static RuntimeException badInputIn(SparkException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BadInputException bad) {
                return bad;
            }
        }
        return new IllegalStateException(e.getMessage(), e);
    }

    /**
     * Spark's INFO lines would bury the launcher's own under {@code java -jar}; spark-submit (which sets
     * {@code spark.master}) and an explicit Log4j configuration keep theirs.
     */
    private static void quietLocalLogging() {
        if (System.getProperty("spark.master") == null && System.getProperty("log4j2.configurationFile") == null
                && System.getProperty("log4j.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "classpath:io/augcon/cli/spark-local-log4j2.properties");
        }
    }

    /** {@code jsonl} or {@code parquet}. */
    static final class OutputFormats extends Choice<SparkOutput.Format> {
        OutputFormats() {
            super(named(SparkOutput.Format.values(), f -> f.name().toLowerCase(Locale.ROOT)));
        }
    }
}
