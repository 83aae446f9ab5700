package io.augcon.cli;

import io.augcon.core.AugConBuilder;
import io.augcon.core.output.RecordFormat;
import picocli.CommandLine.Option;

/** {@code generate}'s choice of the model that writes the records, the run seed and the records' format. */
final class GenerationOptions implements RecordSettings {
    @Option(names = "--backend", paramLabel = "KIND", defaultValue = "openai", converter = Backends.class,
            completionCandidates = Backends.class,
            description = "openai (chat completions), openai-completions (the legacy /completions endpoint of vLLM and"
                    + " llama.cpp) or ollama (native /api/chat; --base-url is Ollama's root, e.g. http://127.0.0.1:11434)"
                    + " (default: ${DEFAULT-VALUE}).")
    Backend backend;

    @Option(names = "--model", paramLabel = "NAME", defaultValue = "default", description = "Model name sent to the endpoint (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Run seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--format", paramLabel = "NAME", defaultValue = "augcon", converter = Formats.class,
            completionCandidates = Formats.class, description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    RecordFormat format;

    /** The LLM server's API, as {@code --backend} names it. */
    enum Backend {
        OPENAI, OPENAI_COMPLETIONS, OLLAMA;

        String cliName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** Sets the run seed on {@code builder}; the model is wired by {@link LlmOptions}, the format by the output. */
    void applyTo(AugConBuilder builder) {
        builder.seed(seed);
    }

    /** The backends by their command-line names. */
    static final class Backends extends Choice<Backend> {
        Backends() {
            super(named(Backend.values(), Backend::cliName));
        }
    }

    /** The record formats by their command-line names. */
    static final class Formats extends Choice<RecordFormat> {
        Formats() {
            super(named(RecordFormat.values(), RecordFormat::cliName));
        }
    }
}
