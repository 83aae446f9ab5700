package io.augcon.cli;

import io.augcon.core.AugConBuilder;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code generate}'s options for the run's state: where it is kept, starting over, and the LLM
 * budget. None of them changes which records a run writes: a resume may change them.
 */
final class RunStateOptions {
    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Keeps the LLM answers and the run journal (augcon.db); rerunning with the same dir replays the answers"
                    + " and resumes the output after a crash or a budget stop (default: a fresh temp dir).")
    Path workDir;

    @Option(names = "--fresh", description = "Start the output over even if --work-dir holds it from a run with other settings"
            + " (cached answers are kept).")
    boolean fresh;

    @Option(names = "--max-calls", paramLabel = "N",
            description = "Stop cleanly (exit 3) after N LLM calls reach the server; answers replayed from --work-dir are free.")
    Long maxCalls;

    @Option(names = "--max-tokens-total", paramLabel = "N",
            description = "Stop cleanly (exit 3) once the server reported N tokens (in + out) used; replayed answers are free.")
    Long maxTokensTotal;

    /** Sets {@code builder}'s LLM budget; the builder rejects a negative one, naming it. */
    void applyTo(AugConBuilder builder, boolean useLlm) {
        if ((maxCalls != null || maxTokensTotal != null) && !useLlm) {
            throw new IllegalArgumentException("--max-calls and --max-tokens-total need --base-url: offline runs make no LLM calls");
        }
        if (maxCalls != null) {
            builder.llmPolicy(p -> p.withMaxCalls(maxCalls));
        }
        if (maxTokensTotal != null) {
            builder.llmPolicy(p -> p.withMaxTokensTotal(maxTokensTotal));
        }
    }
}
