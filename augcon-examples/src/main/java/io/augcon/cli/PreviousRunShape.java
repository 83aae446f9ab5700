package io.augcon.cli;

import io.augcon.api.TokenUsage;
import io.augcon.core.run.RunFacts;
import io.augcon.core.run.RunSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The shape of a previous LLM run, read from its work dir's {@code run-summary.json}: per stage,
 * LLM calls per record written and tokens per call as the server counted them. {@code --dry-run
 * --work-dir DIR} uses it instead of {@link MeasuredShape}'s constants, so an estimate for a larger
 * corpus follows the real model's trees and answer lengths. Only stages that reached the server are
 * known: a run that replayed answers from its cache counts fewer calls than it used.
 *
 * @param source   the summary file
 * @param records  records the previous run wrote
 * @param stages   per stage: calls per record, input and output tokens per call
 */
record PreviousRunShape(Path source, long records, Map<String, StageShape> stages) {

    /** One stage of the previous run. */
    record StageShape(double callsPerRecord, double inputTokensPerCall, double outputTokensPerCall) {}

    /**
     * The previous run in {@code workDir}, if it holds a summary of a run that wrote records with an
     * LLM (an offline run makes no calls and tells nothing about a model's trees).
     */
    static Optional<PreviousRunShape> in(Path workDir) throws IOException {
        if (workDir == null || !Files.isRegularFile(workDir.resolve(RunFacts.FILE_NAME))) {
            return Optional.empty();
        }
        RunSummary summary = RunFacts.readFrom(workDir).summary();
        if (summary.records() <= 0 || summary.llmCalls().getOrDefault("cst", 0L) <= 0) {
            return Optional.empty();
        }
        Map<String, StageShape> stages = new LinkedHashMap<>();
        summary.llmCalls().forEach((stage, calls) -> {
            if (calls > 0) {
                TokenUsage usage = summary.tokens().getOrDefault(stage, TokenUsage.ZERO);
                stages.put(stage, new StageShape(calls / (double) summary.records(),
                        usage.inputTokens() / (double) calls, usage.outputTokens() / (double) calls));
            }
        });
        return Optional.of(new PreviousRunShape(workDir.resolve(RunFacts.FILE_NAME), summary.records(), Map.copyOf(stages)));
    }

    /** Calls per record of the stage, if the previous run called it. */
    Optional<Double> callsPerRecord(String name) {
        return Optional.ofNullable(stages.get(name)).map(StageShape::callsPerRecord);
    }

    /** The stage's shape, if the previous run called it and the server reported its tokens. */
    Optional<StageShape> tokens(String name) {
        StageShape s = stages.get(name);
        return s == null || s.inputTokensPerCall() <= 0 ? Optional.empty() : Optional.of(s);
    }
}
