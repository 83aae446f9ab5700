package io.augcon.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code augcon} command-line tool.
 *
 * <pre>
 * java -jar augcon-examples/target/augcon.jar generate --input docs/ --output sft.jsonl
 * </pre>
 *
 * <p>Exit codes: 0 success, 2 bad usage or bad input (one line on stderr says what and where),
 * 1 a run that failed, 3 a run stopped at its LLM budget ({@code --max-calls}, {@code
 * --max-tokens-total}; rerunning with the same {@code --work-dir} resumes it).
 */
@Command(
        name = "augcon",
        mixinStandardHelpOptions = true,
        versionProvider = AugConCli.Version.class,
        description = "Turns a corpus into supervised fine-tuning data (AugCon, arXiv 2405.16579).",
        subcommands = {GenerateCommand.class, TrainScorerCommand.class, ScoreCommand.class, ReportCommand.class, CommandLine.HelpCommand.class})
public final class AugConCli {
    /** Exit code of bad usage or bad input. */
    public static final int BAD_INPUT = 2;
    /** Exit code of a failed run. */
    public static final int FAILED = 1;
    /** Exit code of a run stopped cleanly at {@code --max-calls} or {@code --max-tokens-total}; rerunning resumes it. */
    public static final int STOPPED_AT_BUDGET = 3;

    public static void main(String[] args) {
        // Records and the closing "wrote N records" line own stdout; libraries that print on
        // load are sent to stderr with the progress lines.
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, java.nio.charset.StandardCharsets.UTF_8), true);
        System.setOut(new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, java.nio.charset.StandardCharsets.UTF_8));
        System.exit(run(args, out, new PrintWriter(new java.io.OutputStreamWriter(System.err, java.nio.charset.StandardCharsets.UTF_8), true)));
    }

    /** Runs the tool with the given streams and returns the exit code (for tests and embedding). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new AugConCli());
        cli.setOut(out);
        cli.setErr(err);
        ExitCodes.install(cli);
        return cli.execute(args);
    }

    /** Reads the version from the jar's manifest, if any. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = AugConCli.class.getPackage().getImplementationVersion();
            return new String[] {"augcon " + (version == null ? "development build" : version)};
        }
    }
}
