package io.augcon.cli;

import io.augcon.api.Document;
import io.augcon.api.Language;
import io.augcon.api.RootContext;
import io.augcon.core.config.ExecutionConfig;
import io.augcon.core.event.BadInput;
import io.augcon.core.event.InputDropped;
import io.augcon.core.run.DropCount;
import io.augcon.core.corpus.Chunker;
import io.augcon.core.corpus.CorpusReader;
import io.augcon.core.corpus.RootCutter;
import io.augcon.core.filter.Quota;
import io.augcon.core.respond.CorpusOutlook;
import io.augcon.core.respond.SearchScaling;
import io.augcon.core.respond.SeedExample;
import io.augcon.core.tree.SplitMode;
import io.augcon.llm.tokens.HuggingFaceTokenCounter;
import io.augcon.llm.tokens.TokenCounter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code generate --dry-run}: reads and chunks the corpus as a run would (streaming), sums the
 * quotas, and estimates the LLM calls and tokens of each stage from {@link MeasuredShape}, without
 * calling any LLM. Tokens come from characters: with a tokenizer, at the ratio it gives on this
 * corpus's roots; without one, at the measured ratio per language.
 */
final class DryRun {

    /**
     * The knobs the estimate depends on; {@code window} is the most roots a run holds in progress,
     * which decides whether the automatic search budget sees the whole corpus.
     */
    record Knobs(Language language, int maxChunkChars, int minParagraphChars, Quota quota, SplitMode mode, int demonstrations,
            int searchBudget, Map<Language, Integer> seedExamples, int negativesPerKind, int window) {}

    /** One stage's estimate. */
    record Row(String stage, long calls, long inputTokens, long outputTokens) {}

    /** Per language: what the corpus holds. */
    private static final class Tally {
        long documents;
        long roots;
        long chars;
        long tokens;
        long pairs;
    }

    private final Knobs knobs;
    private final TokenCounter tokenizer;
    private final Optional<PreviousRunShape> previous;
    private final Map<Language, Tally> tallies = new EnumMap<>(Language.class);
    /** What the run would drop before asking anything, by reason, as the run's summary counts it. */
    private final Map<String, DropCount> dropped = new TreeMap<>();

    /**
     * @param tokenizer counts tokens of root texts, or {@code null} to use the measured ratios
     * @param previous  a previous LLM run's shape, used instead of the constants where it knows a stage
     */
    DryRun(Knobs knobs, TokenCounter tokenizer, Optional<PreviousRunShape> previous) {
        this.knobs = knobs;
        this.tokenizer = tokenizer;
        this.previous = previous;
    }

    /**
     * {@code generate --dry-run} with {@code o}'s options: the estimate table on {@code out}, skipped
     * documents on {@code err}; no LLM called, nothing written. Returns the exit code, 0.
     */
    static int forOptions(GenerateCommand o, PrintWriter out, PrintWriter err) throws IOException {
        List<SeedExample> given = o.responses.seedExamples();
        Map<Language, Integer> seeds = new EnumMap<>(Language.class);
        for (Language l : Language.values()) {
            seeds.put(l, SeedExample.forLanguage(given, l).size());
        }
        CorpusOptions corpus = o.corpus;
        Knobs knobs = new Knobs(corpus.language, corpus.maxChunkChars, corpus.minParagraphChars, corpus.quota(), corpus.split,
                o.responses.demonstrations, o.responses.searchBudget, seeds,
                o.scorer.trainScorer() ? o.scorer.scorerPairsPerKind : 0,
                ExecutionConfig.DEFAULTS.resolvedMaxRootsInProgress(o.llm.concurrency));
        Consumer<BadInput> skipped = bad -> err.println("augcon: skipped " + bad.source() + ": " + bad.reason());
        Optional<PreviousRunShape> previous = PreviousRunShape.in(o.state.workDir);
        DryRun dry;
        if (o.llm.tokenizer == null) {
            dry = new DryRun(knobs, null, previous).read(corpus.input, corpus.strict, skipped);
            dry.print(out);
        } else {
            try (HuggingFaceTokenCounter counter = HuggingFaceTokenCounter.load(o.llm.tokenizer)) {
                dry = new DryRun(knobs, counter, previous).read(corpus.input, corpus.strict, skipped);
                dry.print(out);
            }
        }
        if (o.batch.on()) {
            BatchRoundSize.estimate(dry.roots(), o.batch.limits(), Runtime.getRuntime().maxMemory(), out);
        }
        return 0;
    }

    /** Root contexts of every language. */
    long roots() {
        return tallies.values().stream().mapToLong(t -> t.roots).sum();
    }

    /** Reads {@code input}, skipping bad documents (reported to {@code onBad}), and tallies it. */
    DryRun read(Path input, boolean strict, Consumer<BadInput> onBad) throws IOException {
        RootCutter cutter = new RootCutter(new Chunker(knobs.maxChunkChars(), knobs.minParagraphChars()), knobs.language());
        CorpusReader reader = CorpusReader.builder().strict(strict).onBadInput(onBad).build();
        try (Stream<Document> documents = reader.read(input)) {
            documents.forEach(document -> tally(document, cutter));
        }
        return this;
    }

    private void tally(Document document, RootCutter cutter) {
        Language language = cutter.languageOf(document);
        Tally t = tallies.computeIfAbsent(language, l -> new Tally());
        t.documents++;
        for (RootContext root : cutter.cut(document, language, 0, this::drop)) {
            t.roots++;
            t.chars += root.text().length();
            t.tokens += tokenizer != null ? tokenizer.count(root.text()) : 0;
            t.pairs += knobs.quota().pairsFor(root);
        }
    }

    private void drop(InputDropped d) {
        dropped.merge(d.reason().key(), new DropCount(d.count(), d.chars()), DropCount::plus);
    }

    /** The estimate per stage, in the order a run spends them; every language summed. */
    Map<String, Row> rows() {
        Map<String, Row> rows = new LinkedHashMap<>();
        tallies.forEach((language, t) -> {
            MeasuredShape shape = MeasuredShape.of(language, knobs.mode());
            double charsPerToken = tokenizer != null && t.tokens > 0 ? t.chars / (double) t.tokens : shape.charsPerToken();
            long search = searchAnswers(language, knobs.seedExamples().getOrDefault(language, 0));
            double cstCalls = t.pairs * perRecord("cst", shape.cstCallsPerRecord());
            add(rows, "cst", cstCalls, shape.cstCharsIn(), shape.cstCharsOut(), charsPerToken);
            if (knobs.negativesPerKind() > 0) {
                // The negatives are CST calls under weaker (shorter) prompts: the CST size is an upper bound.
                MeasuredShape rewrite = MeasuredShape.of(language, SplitMode.REWRITE);
                add(rows, "scorer-negatives", Math.min(3.0 * knobs.negativesPerKind(), cstCalls), rewrite.cstCharsIn(),
                        rewrite.cstCharsOut(), charsPerToken);
            }
            add(rows, "response-search", t.pairs > 0 ? search : 0, shape.searchCharsIn(), shape.searchCharsOut(), charsPerToken);
            add(rows, "response-judge", t.pairs > 0 ? search : 0, shape.judgeCharsIn(), MeasuredShape.JUDGE_CHARS_OUT,
                    charsPerToken);
            add(rows, "response", t.pairs * perRecord("response", 1.0), shape.responseCharsIn(), shape.responseCharsOut(),
                    charsPerToken);
            if (previous.isPresent() && previous.get().callsPerRecord("response-regenerate").isPresent()) {
                add(rows, "response-regenerate", t.pairs * perRecord("response-regenerate", 0), shape.responseCharsIn(),
                        shape.responseCharsOut(), charsPerToken);
            }
        });
        return rows;
    }

    /** Calls per record of {@code stage}: the previous run's where it has one, else {@code measured}. */
    private double perRecord(String stage, double measured) {
        return previous.flatMap(p -> p.callsPerRecord(stage)).orElse(measured);
    }

    /**
     * Answers of the demonstration search in {@code language}: candidate sets x seed examples, when
     * there are two sets or more. The budget is the run's: as given, or sized by the automatic rule
     * for the pairs owed, which a run knows in full when the corpus has at most {@code window} roots.
     */
    private long searchAnswers(Language language, int n) {
        if (n == 0) {
            return 0;
        }
        long roots = tallies.values().stream().mapToLong(t -> t.roots).sum();
        Map<Language, Long> pairs = new EnumMap<>(Language.class);
        tallies.forEach((l, t) -> pairs.put(l, t.pairs));
        int budget = SearchScaling.budget(knobs.searchBudget(), new CorpusOutlook(pairs, roots <= knobs.window()),
                language, n).sets();
        int k = Math.min(knobs.demonstrations(), n);
        long sets = Math.min(budget, binomial(n, k));
        return sets >= 2 ? sets * n : 0;
    }

    private static long binomial(int n, int k) {
        long value = 1;
        for (int i = 1; i <= k; i++) {
            value = value * (n - k + i) / i;
        }
        return value;
    }

    /**
     * Adds {@code calls} of {@code stage}; their tokens are the previous run's per call where it
     * has the stage, else characters per call divided by characters per token.
     */
    private void add(Map<String, Row> rows, String stage, double calls, double charsIn, double charsOut,
            double charsPerToken) {
        Optional<PreviousRunShape.StageShape> known = previous.flatMap(p -> p.tokens(stage));
        double in = known.map(PreviousRunShape.StageShape::inputTokensPerCall).orElse(charsIn / charsPerToken);
        double out = known.map(PreviousRunShape.StageShape::outputTokensPerCall).orElse(charsOut / charsPerToken);
        Row more = new Row(stage, Math.round(calls), Math.round(calls * in), Math.round(calls * out));
        rows.merge(stage, more, (a, b) -> new Row(stage, a.calls() + b.calls(), a.inputTokens() + b.inputTokens(),
                a.outputTokens() + b.outputTokens()));
    }

    /** Prints the corpus tally and the estimate table. */
    void print(PrintWriter out) {
        long pairs = 0;
        for (Map.Entry<Language, Tally> e : tallies.entrySet()) {
            Tally t = e.getValue();
            pairs += t.pairs;
            out.printf(Locale.ROOT, "dry run: %s: %d documents, %d root contexts, %d characters, quota %d pairs%n",
                    e.getKey().code(), t.documents, t.roots, t.chars, t.pairs);
        }
        out.println("dry run: input dropped: " + DropCount.describe(dropped));
        out.printf(Locale.ROOT, "%-18s %10s %14s %14s%n", "stage", "LLM calls", "input tokens", "output tokens");
        long calls = 0;
        long in = 0;
        long outTokens = 0;
        for (Row r : rows().values()) {
            out.printf(Locale.ROOT, "%-18s %,10d %,14d %,14d%n", r.stage(), r.calls(), r.inputTokens(), r.outputTokens());
            calls += r.calls();
            in += r.inputTokens();
            outTokens += r.outputTokens();
        }
        out.printf(Locale.ROOT, "%-18s %,10d %,14d %,14d%n", "total", calls, in, outTokens);
        if (previous.isPresent()) {
            out.printf(Locale.ROOT, "split %s; calls per record and tokens per call of %s from the previous run in %s"
                    + " (%d records), other stages as below; quota %d pairs assumed filled%n", knobs.mode().cliName(),
                    String.join(", ", new TreeSet<>(previous.get().stages().keySet())), previous.get().source(),
                    previous.get().records(), pairs);
        }
        out.printf(Locale.ROOT, "split %s; tokens %s; tree shape measured with the scripted model on the bundled samples,"
                + " so a real model may differ; quota %d pairs assumed filled; retries not included%n",
                knobs.mode().cliName(), tokenizer != null ? "counted with the tokenizer on this corpus"
                        : "from characters (en 3.15, zh 1.02 characters per token)", pairs);
        out.flush();
    }
}
