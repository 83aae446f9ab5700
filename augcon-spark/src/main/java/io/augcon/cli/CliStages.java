package io.augcon.cli;

import io.augcon.core.AugConBuilder;
import io.augcon.spark.LlmFleet;
import io.augcon.spark.OfflineStages;
import io.augcon.spark.StageFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The launcher's live objects, built on each executor from the command line itself: what travels
 * in the plan is the arguments (no key: {@code --api-key-env} names a variable, read on the
 * executor), and {@link LlmOptions} builds the backend there as it does in one JVM. With an LLM the
 * tasks spread over the {@code --base-url} list ({@link LlmFleet}); without, the offline stages,
 * with the executor's one shared encoder.
 */
final class CliStages implements LlmFleet.PerServer {
    private static final long serialVersionUID = 1L;

    private final List<String> args;

    private CliStages(List<String> args) {
        this.args = List.copyOf(args);
    }

    /** The stages of a launcher run with {@code args}, whose LLM options are {@code llm}. */
    static StageFactory of(List<String> args, LlmOptions llm) {
        CliStages stages = new CliStages(args);
        return llm.useLlm() ? LlmFleet.of(llm.baseUrls(), stages) : new Offline(stages);
    }

    /** Adds the backend at {@code baseUrl} (the offline stages when null) and the scorer file's scorer. */
    @Override
    public void configure(AugConBuilder builder, String baseUrl) {
        GenerateCommand options = parse();
        if (baseUrl == null) {
            OfflineStages.create().configure(builder);
        } else {
            options.llm.applyStages(builder, options.generation, baseUrl);
        }
        try {
            options.scorer.applyTo(builder, baseUrl != null, options.generation.seed);
        } catch (IOException e) {
            throw new UncheckedIOException("--scorer: " + e.getMessage(), e);
        }
    }

    /** generate's options as the driver parsed them (the driver refused what Spark cannot do). */
    private GenerateCommand parse() {
        PrintWriter quiet = new PrintWriter(new StringWriter());
        picocli.CommandLine cli = SparkGenerateCommand.commandLine(quiet, quiet);
        cli.parseArgs(args.toArray(String[]::new));
        return ((SparkGenerateCommand) cli.getCommand()).generate;
    }

    /** No LLM: the job keeps every partition (see {@link StageFactory#asksLlm()}). */
    private record Offline(CliStages stages) implements StageFactory {
        private static final long serialVersionUID = 1L;

        @Override
        public void configure(AugConBuilder builder) {
            stages.configure(builder, null);
        }

        @Override
        public boolean asksLlm() {
            return false;
        }
    }
}
