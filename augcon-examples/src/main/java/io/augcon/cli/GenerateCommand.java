package io.augcon.cli;

import io.augcon.api.Language;
import io.augcon.api.TextEncoder;
import io.augcon.core.AugCon;
import io.augcon.core.AugConBuilder;
import io.augcon.core.PipelineListener;
import io.augcon.core.corpus.BadInput;
import io.augcon.core.corpus.BadInputException;
import io.augcon.core.filter.Quota;
import io.augcon.core.llm.CachingBackend;
import io.augcon.core.offline.CachingTextEncoder;
import io.augcon.core.offline.ExtractiveResponder;
import io.augcon.core.offline.OfflineExpander;
import io.augcon.core.output.JournalMismatchException;
import io.augcon.core.output.RecordFormat;
import io.augcon.core.output.ResumableJsonlWriter;
import io.augcon.core.respond.BelowFloor;
import io.augcon.core.respond.SeedExample;
import io.augcon.core.run.RunCounters;
import io.augcon.core.run.RunSummary;
import io.augcon.core.text.RougeMeasure;
import io.augcon.core.tree.SplitMode;
import io.augcon.scorer.ContrastiveScorer;
import io.augcon.scorer.Encoders;
import io.augcon.scorer.InRunTrainer;
import io.augcon.scorer.ScorerFileException;
import io.augcon.scorer.ScorerTrainer;
import io.augcon.scorer.TrainedScorer;
import io.augcon.scorer.encoder.EmbeddingModelEncoder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code augcon generate}: runs the whole pipeline over a corpus and writes SFT records. */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = "Generate query/response pairs from a corpus, offline unless --base-url names an LLM server.")
final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "PATH",
            description = "A file or a directory (recursed): .txt/.md one document per file, .jsonl one per line.")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "Where the JSONL records go.")
    Path output;

    @Option(names = "--format", paramLabel = "NAME", defaultValue = "augcon",
            description = "augcon, alpaca, sharegpt or openai (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--base-url", paramLabel = "URL", description = "An OpenAI-compatible endpoint, e.g. http://127.0.0.1:8000/v1.")
    String baseUrl;

    @Option(names = "--model", paramLabel = "NAME", defaultValue = "default", description = "Model name sent to the endpoint (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--api-key-env", paramLabel = "VAR", defaultValue = "OPENAI_API_KEY",
            description = "Environment variable holding the API key (default: ${DEFAULT-VALUE}).")
    String apiKeyEnv;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "16", description = "Most LLM requests in flight (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--language", paramLabel = "L", defaultValue = "auto", description = "auto, en or zh (default: ${DEFAULT-VALUE}).")
    String language;

    @Option(names = "--max-chunk-chars", paramLabel = "N", defaultValue = "500", description = "Longest root context (default: ${DEFAULT-VALUE}).")
    int maxChunkChars;

    @Option(names = "--min-context-chars", paramLabel = "N", defaultValue = "20", description = "Minimum granularity lambda (default: ${DEFAULT-VALUE}).")
    int minContextChars;

    @Option(names = "--chars-per-pair", paramLabel = "N", defaultValue = "35", description = "Quota: one pair per N characters (default: ${DEFAULT-VALUE}).")
    double charsPerPair;

    @Option(names = "--words-per-pair", paramLabel = "N", description = "Quota: one pair per N words instead (suits English).")
    Double wordsPerPair;

    @Option(names = "--sentences-per-pair", paramLabel = "N", description = "Quota: one pair per N sentences instead.")
    Double sentencesPerPair;

    @Option(names = "--oversample", paramLabel = "X", defaultValue = "1.15", description = "Candidates per pair before filtering (default: ${DEFAULT-VALUE}).")
    double oversample;

    @Option(names = "--rouge-threshold", paramLabel = "X", defaultValue = "0.7", description = "Near-duplicate threshold (default: ${DEFAULT-VALUE}).")
    double rougeThreshold;

    @Option(names = "--rouge-measure", paramLabel = "M", defaultValue = "precision",
            description = "precision (the paper) or f (the reference) (default: ${DEFAULT-VALUE}).")
    String rougeMeasure;

    @Option(names = "--min-child-precision", paramLabel = "X", defaultValue = "0.7",
            description = "Hallucination check on sub-contexts; 0 turns it off (default: ${DEFAULT-VALUE}).")
    double minChildPrecision;

    @Option(names = "--max-tree-runs", paramLabel = "N", defaultValue = "4", description = "Trees grown per root at most (default: ${DEFAULT-VALUE}).")
    int maxTreeRuns;

    @Option(names = "--seed-examples", paramLabel = "FILE", description = "Human-written QA examples: JSONL with context, question, answer.")
    Path seedExamples;

    @Option(names = "--demonstrations", paramLabel = "N", defaultValue = "3",
            description = "LLM runs: most seed examples shown per answer, chosen by the search; 0 for none (default: ${DEFAULT-VALUE}).")
    int demonstrations;

    @Option(names = "--search-budget", paramLabel = "N", defaultValue = "8",
            description = "Candidate demonstration sets judged per language, each costing 2 calls per seed example; 1 skips the search (default: ${DEFAULT-VALUE}).")
    int searchBudget;

    @Option(names = "--reasoning", description = "LLM runs: the model reasons step by step before a marked final answer; only the answer is kept.")
    boolean reasoning;

    @Option(names = "--grounding-floor", paramLabel = "X", defaultValue = "0.5",
            description = "Least share of an answer's content words found in its context; 0 turns the check off (default: ${DEFAULT-VALUE}).")
    double groundingFloor;

    @Option(names = "--below-floor", paramLabel = "keep|drop", defaultValue = "keep",
            description = "An answer still below the floor after one regeneration is kept, flagged, or dropped (default: ${DEFAULT-VALUE}).")
    String belowFloor;

    @Option(names = "--principles", paramLabel = "[LANG=]FILE",
            description = "Answering principles, one per line, replacing the defaults: for every language, or with en= or zh= for one (repeatable).")
    List<String> principles = new ArrayList<>();

    @Mixin
    RunStateOptions state = new RunStateOptions();

    @Option(names = "--offline", description = "No LLM: the embedded in-process method (on when no --base-url).")
    boolean offline;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Run seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--timeout-s", paramLabel = "N", defaultValue = "120", description = "Per-request timeout in seconds (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--strict", description = "Stop at the first bad input (exit 2) instead of skipping it.")
    boolean strict;

    @Option(names = "--scorer", paramLabel = "MODEL", description = "Rank candidates with a trained scorer file (from train-scorer or --save-scorer).")
    Path scorerModel;

    @Option(names = "--train-scorer", description = "Train the scorer in this run on its own queries and weaker-prompt negatives, as the paper (needs --base-url).")
    boolean trainScorer;

    @Option(names = "--scorer-pairs-per-kind", paramLabel = "N", defaultValue = "500",
            description = "With --train-scorer: negatives asked for of each of the three kinds (default: ${DEFAULT-VALUE}).")
    int scorerPairsPerKind;

    @Option(names = "--encoder", paramLabel = "NAME", defaultValue = "bge-small-zh",
            description = "With --train-scorer: the text encoder, bge-small-zh or bge-small-en (default: ${DEFAULT-VALUE}).")
    String encoder;

    @Option(names = "--save-scorer", paramLabel = "MODEL", description = "With --train-scorer: where to save the trained scorer.")
    Path saveScorer;
    // LLM backend and fault tolerance: the options LlmWiring reads.

    @Option(names = "--backend", paramLabel = "KIND", defaultValue = "openai",
            description = "openai (chat completions), openai-completions (the legacy /completions endpoint of vLLM and"
                    + " llama.cpp) or ollama (native /api/chat; --base-url is Ollama's root, e.g. http://127.0.0.1:11434)"
                    + " (default: ${DEFAULT-VALUE}).")
    String backendKind;

    @Option(names = "--header", paramLabel = "K=V", description = "An extra HTTP header for every LLM request; repeatable.")
    List<String> headers = new ArrayList<>();

    @Option(names = "--max-retries", paramLabel = "N", defaultValue = "4",
            description = "Retries of a failed LLM call (5xx, 429, timeouts, resets, malformed bodies) with backoff and"
                    + " Retry-After; 0 turns them off (default: ${DEFAULT-VALUE}).")
    int maxRetries;

    @Option(names = "--adaptive-concurrency", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Lower the in-flight limit under 429s and overload and pause all requests while the server keeps"
                    + " failing (AIMD and a circuit breaker); --no-adaptive-concurrency keeps --concurrency fixed (default: on).")
    boolean adaptiveConcurrency;

    /** The dataset report and cross-root dedup options ({@code --report}, {@code --global-dedup}, ...). */
    @Mixin
    ReportOptions reportOptions = new ReportOptions();

    @Option(names = "--tokenizer", paramLabel = "FILE",
            description = "The model's tokenizer.json: token usage is counted with it where the server reports none.")
    Path tokenizer;

    @Option(names = "--split", paramLabel = "rewrite|numbered", defaultValue = "rewrite",
            description = "LLM runs: how a tree node is split: rewrite (the paper: the model rewrites both halves) or"
                    + " numbered (the model names the sentence where the context splits; sub-contexts are exact spans,"
                    + " far fewer output tokens) (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--dry-run", description = "Read and chunk the corpus, then print the estimated LLM calls and tokens"
            + " per stage and exit, without calling any LLM.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return generate(err);
        } catch (BadInputException e) {
            err.println("augcon: bad input: " + e.getMessage());
            return AugConCli.BAD_INPUT;
        } catch (NoSuchFileException e) {
            err.println("augcon: no such file or directory: " + e.getFile());
            return AugConCli.BAD_INPUT;
        } catch (JournalMismatchException e) {
            err.println("augcon: cannot resume: " + e.getMessage() + "; pass --fresh to start the output over");
            return AugConCli.BAD_INPUT;
        } catch (ScorerFileException e) {
            err.println("augcon: " + e.getMessage());
            return AugConCli.BAD_INPUT;
        } catch (IllegalArgumentException e) {
            err.println("augcon: " + e.getMessage());
            return AugConCli.BAD_INPUT;
        }
    }

    private int generate(PrintWriter err) throws IOException, InterruptedException {
        if (offline && baseUrl != null) {
            throw new IllegalArgumentException("--offline and --base-url exclude each other");
        }
        RecordFormat recordFormat = RecordFormat.fromName(format);
        RunCounters progress = new RunCounters();
        AugConBuilder builder = configure(AugCon.builder(), err, progress);
        if (!Files.exists(input)) {
            throw new NoSuchFileException(input.toString());
        }
        if (dryRun) {
            return DryRun.forOptions(this, spec.commandLine().getOut(), err);
        }
        boolean useLlm = baseUrl != null;
        LlmWiring.budgets(this, builder, useLlm);
        Path dir = state.workDir != null ? Files.createDirectories(state.workDir) : Files.createTempDirectory("augcon-");
        try (WorkDir work = WorkDir.open(dir, useLlm)) {
            AtomicReference<CachingBackend> cache = new AtomicReference<>();
            if (useLlm) {
                LlmWiring.wire(this, builder).decorate(llm -> {
                    CachingBackend caching = new CachingBackend(llm, work.answers());
                    cache.set(caching);
                    return caching;
                });
            } else {
                offlineStages(builder);
            }
            InRunTrainer trainer = scorer(builder, useLlm);
            reportOptions.configure(builder);
            RunSummary summary;
            ResumableJsonlWriter sink;
            try (ProgressDisplay display = ProgressDisplay.attach(builder, progress, err)) {
                AugCon augcon = builder.build();
                sink = work.begin(spec, output, recordFormat, seed, state.fresh, err);
                summary = run(augcon, sink);
            } catch (IOException | RuntimeException e) {
                if (!(e instanceof JournalMismatchException) && work.stoppedAtBudget(e, progress, dir, err)) {
                    return AugConCli.STOPPED_AT_BUDGET;
                }
                throw e;
            }
            work.finished();
            report(summary, cache.get(), work, sink, err);
            reportOptions.finish(summary, dir, err);
            saveTrained(trainer, err);
            return 0;
        }
    }

    private RunSummary run(AugCon augcon, ResumableJsonlWriter sink) throws IOException, InterruptedException {
        try (ResumableJsonlWriter out = sink) {
            RunSummary summary = augcon.run(input, out);
            out.checkReproduced();
            return summary;
        }
    }

    private AugConBuilder configure(AugConBuilder builder, PrintWriter err, RunCounters progress) throws IOException {
        builder.concurrency(concurrency)
                .corpus(c -> c.withMaxChunkChars(maxChunkChars))
                .tree(t -> t.withMinContextChars(minContextChars))
                .selection(s -> s.withQuota(quota()).withOversample(oversample).withRougeThreshold(rougeThreshold).withRougeMeasure(measure()))
                .tree(t -> t.withMinChildPrecision(minChildPrecision))
                .selection(s -> s.withMaxTreeRuns(maxTreeRuns))
                .seed(seed)
                .corpus(c -> c.withStrictInput(strict))
                .listener(progress)
                .listener(new PipelineListener() {
                    @Override
                    public void badInput(BadInput bad) {
                        err.println("augcon: skipped " + bad.source() + ": " + bad.reason());
                    }
                });
        builder.tree(t -> t.withSplitMode(SplitMode.fromName(split)));
        if (!"auto".equalsIgnoreCase(language)) {
            builder.corpus(c -> c.withLanguage(Language.fromCode(language)));
        }
        if (seedExamples != null) {
            List<SeedExample> examples = SeedExample.readJsonl(seedExamples);
            builder.responses(r -> r.withSeedExamples(examples));
        }
        configureResponses(builder);
        return builder;
    }

    /** The answering step's options (they matter with an LLM; offline answers are extracted). */
    private void configureResponses(AugConBuilder builder) throws IOException {
        if (demonstrations < 0) {
            throw new IllegalArgumentException("--demonstrations must be >= 0, was " + demonstrations);
        }
        if (searchBudget < 1) {
            throw new IllegalArgumentException("--search-budget must be >= 1, was " + searchBudget);
        }
        if (!(groundingFloor >= 0 && groundingFloor <= 1)) {
            throw new IllegalArgumentException("--grounding-floor must be in [0, 1], was " + groundingFloor);
        }
        BelowFloor policy = switch (belowFloor.toLowerCase(Locale.ROOT)) {
            case "keep" -> BelowFloor.KEEP_FLAGGED;
            case "drop" -> BelowFloor.DROP;
            default -> throw new IllegalArgumentException("--below-floor must be keep or drop, was '" + belowFloor + "'");
        };
        builder.responses(r -> r.withDemonstrations(demonstrations).withSearchBudget(searchBudget)
                .withReasoning(reasoning).withGroundingFloor(groundingFloor).withBelowFloor(policy));
        for (String given : principles) {
            Language only = given.startsWith("en=") ? Language.EN : given.startsWith("zh=") ? Language.ZH : null;
            Path file = Path.of(only == null ? given : given.substring(3));
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("--principles: no such file: " + file);
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .map(String::strip).filter(line -> !line.isEmpty()).toList();
            if (lines.isEmpty()) {
                throw new IllegalArgumentException("--principles: " + file + " holds no principle (expected one per line)");
            }
            for (Language language : only == null ? List.of(Language.values()) : List.of(only)) {
                builder.responses(r -> r.withPrinciples(language, lines));
            }
        }
    }

    Quota quota() {
        if (wordsPerPair != null && sentencesPerPair != null) {
            throw new IllegalArgumentException("--words-per-pair and --sentences-per-pair exclude each other");
        }
        if (wordsPerPair != null) {
            return Quota.perWords(wordsPerPair);
        }
        return sentencesPerPair != null ? Quota.perSentences(sentencesPerPair) : Quota.perChars(charsPerPair);
    }

    private RougeMeasure measure() {
        switch (rougeMeasure.toLowerCase(Locale.ROOT)) {
            case "precision":
                return RougeMeasure.PRECISION;
            case "f":
            case "f-measure":
                return RougeMeasure.F_MEASURE;
            default:
                throw new IllegalArgumentException("--rouge-measure must be precision or f, was '" + rougeMeasure + "'");
        }
    }

    private InRunTrainer scorer(AugConBuilder builder, boolean useLlm) throws IOException {
        if (scorerModel != null && trainScorer) {
            throw new IllegalArgumentException("--scorer and --train-scorer exclude each other");
        }
        if (saveScorer != null && !trainScorer) {
            throw new IllegalArgumentException("--save-scorer needs --train-scorer");
        }
        if (scorerModel != null) {
            if (!Files.exists(scorerModel)) {
                throw new NoSuchFileException(scorerModel.toString());
            }
            builder.scorer(ContrastiveScorer.load(scorerModel));
            return null;
        }
        if (!trainScorer) {
            return null;
        }
        if (!useLlm) {
            throw new IllegalArgumentException("--train-scorer needs --base-url: its negatives are asked of the LLM");
        }
        InRunTrainer trainer = new InRunTrainer(ScorerTrainer.builder().encoder(Encoders.byName(encoder)).seed(seed).build());
        builder.trainScorer(trainer).selection(s -> s.withScorerPairsPerKind(scorerPairsPerKind));
        return trainer;
    }

    private void saveTrained(InRunTrainer trainer, PrintWriter err) throws IOException {
        if (trainer == null || trainer.trained().isEmpty()) {
            return;
        }
        TrainedScorer trained = trainer.trained().get();
        err.println("augcon: scorer training: " + trained.report().summary());
        if (saveScorer != null) {
            trained.scorer().save(saveScorer);
            err.println("augcon: saved the trained scorer to " + saveScorer);
        }
    }

    private static void offlineStages(AugConBuilder builder) {
        TextEncoder encoder = new CachingTextEncoder(EmbeddingModelEncoder.bgeSmallZh(), 200_000);
        builder.nodeExpander(new OfflineExpander(encoder)).responseRefiner(new ExtractiveResponder(encoder));
    }

    private void report(RunSummary summary, CachingBackend cache, WorkDir work, ResumableJsonlWriter sink, PrintWriter err) {
        summary.format().lines().forEach(line -> err.println("augcon: " + line));
        if (cache != null || sink.skipped() > 0) {
            // Offline runs ask no LLM; a first run has nothing to keep: the line would only say zeros.
            String replayed = cache != null ? cache.hits() + " LLM answers replayed from " + work.database() + "; " : "";
            err.println("augcon: " + replayed + sink.skipped() + " records already in " + output + " kept, not written again");
        }
        spec.commandLine().getOut().println("wrote " + summary.records() + " records to " + output);
    }
}
