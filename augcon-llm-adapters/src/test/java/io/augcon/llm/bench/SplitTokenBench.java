package io.augcon.llm.bench;

import io.augcon.api.LlmBackend;
import io.augcon.api.LlmResponse;
import io.augcon.api.TokenUsage;
import io.augcon.core.AugCon;
import io.augcon.core.output.RecordSink;
import io.augcon.core.run.RunSummary;
import io.augcon.core.tree.SplitMode;
import io.augcon.llm.tokens.HuggingFaceTokenCounter;
import io.augcon.llm.tokens.TokenCountingBackend;
import io.augcon.testkit.ScriptedAnswers;
import io.augcon.testkit.ScriptedLlm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The README's measurement of the numbered split against the paper's rewrite split: the bundled
 * sample corpus, the same seed, both modes, through the scripted model (whose rewrite answers
 * restate both halves and whose numbered answers give only a number) with every token counted by
 * a real tokenizer (the bge-small-zh tokenizer.json that the langchain4j embedding jar carries:
 * WordPiece, one token per Chinese character). Prints a markdown table of calls and tokens per
 * kept record.
 *
 * <p>{@code mvn -B -q -Psplitbench -pl augcon-llm-adapters -am test -DskipTests}
 */
public final class SplitTokenBench {
    static final String TOKENIZER = "bge-small-zh-v1.5-tokenizer.json";
    private static final long SEED = 7;

    private SplitTokenBench() {}

    public static void main(String[] args) throws Exception {
        Path samples = Path.of(args.length > 0 ? args[0] : "augcon-examples/samples");
        if (!Files.isDirectory(samples)) {
            samples = Path.of("..").resolve(samples);
        }
        try (HuggingFaceTokenCounter counter = HuggingFaceTokenCounter.fromClasspath(TOKENIZER)) {
            System.out.println("| corpus | split | records | nodes | CST calls | CST in / out tokens per record"
                    + " | CST out tokens per node | all stages: calls, in / out tokens per record |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            for (String part : List.of("en", "zh", "")) {
                Path corpus = part.isEmpty() ? samples : samples.resolve(part);
                for (SplitMode mode : SplitMode.values()) {
                    System.out.println(row(part.isEmpty() ? "all" : part, mode, run(corpus, mode, counter)));
                }
            }
            shape(samples, counter);
        }
    }

    /**
     * The tree shape and prompt sizes in characters that {@code --dry-run} uses: per language,
     * mode and stage, calls per record and characters in and out per call; and the tokenizer's
     * characters per token on each language's samples.
     */
    static void shape(Path samples, HuggingFaceTokenCounter tokenizer) throws Exception {
        io.augcon.llm.tokens.TokenCounter chars = String::length;
        System.out.println();
        System.out.println("| language | split | stage | calls | calls per record | chars in per call | chars out per call |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (String part : List.of("en", "zh")) {
            for (SplitMode mode : SplitMode.values()) {
                RunSummary s = run(samples.resolve(part), mode, chars);
                s.llmCalls().forEach((stage, calls) -> {
                    TokenUsage t = s.tokens().get(stage);
                    System.out.println(String.format(Locale.ROOT, "| %s | %s | %s | %d | %.3f | %.0f | %.0f |", part,
                            mode.cliName(), stage, calls, calls / (double) s.records(),
                            t.inputTokens() / (double) calls, t.outputTokens() / (double) calls));
                });
            }
            long textChars = 0;
            long tokens = 0;
            try (var files = Files.walk(samples.resolve(part))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String text = Files.readString(file);
                    textChars += text.strip().length();
                    tokens += tokenizer.count(text);
                }
            }
            System.out.println(String.format(Locale.ROOT, "%s samples: %.2f characters per %s token", part,
                    textChars / (double) tokens, TOKENIZER));
        }
    }

    static RunSummary run(Path corpus, SplitMode mode, io.augcon.llm.tokens.TokenCounter counter) throws Exception {
        // The scripted model's own usage is dropped so that the real tokenizer counts every call.
        LlmBackend uncounted = ScriptedLlm.answering(request -> {
            LlmResponse r = ScriptedAnswers.answer(request);
            return new LlmResponse(r.text(), r.finishReason(), TokenUsage.ZERO, r.model());
        });
        AugCon augcon = AugCon.builder().llm(new TokenCountingBackend(uncounted, counter))
                .tree(t -> t.withSplitMode(mode)).seed(SEED).build();
        RecordSink discard = record -> { };
        return augcon.run(corpus, discard);
    }

    private static String row(String corpus, SplitMode mode, RunSummary s) {
        double records = Math.max(1, s.records());
        TokenUsage cst = s.tokens().getOrDefault("cst", TokenUsage.ZERO);
        TokenUsage all = s.totalTokens();
        return String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %.0f / %.1f | %.1f | %.2f, %.0f / %.1f |",
                corpus, mode.cliName(), s.records(), s.nodesExpanded(), s.llmCalls().getOrDefault("cst", 0L),
                cst.inputTokens() / records, cst.outputTokens() / records,
                cst.outputTokens() / (double) Math.max(1, s.nodesExpanded()),
                s.totalLlmCalls() / records, all.inputTokens() / records, all.outputTokens() / records);
    }
}
