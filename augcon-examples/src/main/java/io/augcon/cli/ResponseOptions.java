package io.augcon.cli;

import io.augcon.api.Language;
import io.augcon.core.AugConBuilder;
import io.augcon.core.respond.BelowFloor;
import io.augcon.core.respond.SeedExample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code generate}'s answering-step options: seed examples and the demonstrations chosen from them,
 * reasoning, answering principles and the grounding check. They matter with an LLM; offline answers
 * are extracted from the context.
 */
final class ResponseOptions implements RecordSettings {
    @Option(names = "--seed-examples", paramLabel = "FILE", description = "Human-written QA examples: JSONL with context, question, answer.")
    Path seedExamples;

    @Option(names = "--demonstrations", paramLabel = "N", defaultValue = "3",
            description = "LLM runs: most seed examples shown per answer, chosen by the search; 0 for none (default: ${DEFAULT-VALUE}).")
    int demonstrations;

    @Option(names = "--search-budget", paramLabel = "N", defaultValue = "0",
            description = "Candidate demonstration sets judged per language, each costing 2 calls per seed example; 1 skips the search;"
                    + " 0 (the default) is automatic: 8, fewer for a small job so that the search takes at most a fifth of the run's calls.")
    int searchBudget;

    @Option(names = "--reasoning", description = "LLM runs: the model reasons step by step before a marked final answer; only the answer is kept.")
    boolean reasoning;

    @Option(names = "--grounding-floor", paramLabel = "X", defaultValue = "0.5",
            description = "Least share of an answer's content words found in its context; 0 turns the check off (default: ${DEFAULT-VALUE}).")
    double groundingFloor;

    @Option(names = "--below-floor", paramLabel = "keep|drop", defaultValue = "keep", converter = Policies.class,
            completionCandidates = Policies.class,
            description = "An answer still below the floor after one regeneration is kept, flagged, or dropped (default: ${DEFAULT-VALUE}).")
    BelowFloor belowFloor;

    @Option(names = "--principles", paramLabel = "[LANG=]FILE",
            description = "Answering principles, one per line, replacing the defaults: for every language, or with en= or zh= for one (repeatable).")
    List<String> principles = new ArrayList<>();

    /**
     * Sets the answering step on {@code builder}. The three bounds checked here are the builder's
     * too; they are checked first so the message names the option, as the command line spells it.
     */
    void applyTo(AugConBuilder builder) throws IOException {
        if (seedExamples != null) {
            List<SeedExample> examples = seedExamples();
            builder.responses(r -> r.withSeedExamples(examples));
        }
        builder.responses(r -> r.withDemonstrations(demonstrations).withSearchBudget(searchBudget)
                .withReasoning(reasoning).withGroundingFloor(groundingFloor).withBelowFloor(belowFloor));
        for (String given : principles) {
            Language only = given.startsWith("en=") ? Language.EN : given.startsWith("zh=") ? Language.ZH : null;
            List<String> lines = principles(Path.of(only == null ? given : given.substring(3)));
            for (Language language : only == null ? List.of(Language.values()) : List.of(only)) {
                builder.responses(r -> r.withPrinciples(language, lines));
            }
        }
    }

    /** The seed examples given, or none. */
    List<SeedExample> seedExamples() throws IOException {
        return seedExamples != null ? SeedExample.readJsonl(seedExamples) : List.of();
    }

    private static List<String> principles(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--principles: no such file: " + file);
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .map(String::strip).filter(line -> !line.isEmpty()).toList();
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("--principles: " + file + " holds no principle (expected one per line)");
        }
        return lines;
    }

    /** {@code keep} (flagged in provenance) or {@code drop}. */
    static final class Policies extends Choice<BelowFloor> {
        Policies() {
            super(Map.entry("keep", BelowFloor.KEEP_FLAGGED), Map.entry("drop", BelowFloor.DROP));
        }
    }
}
