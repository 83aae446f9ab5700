package io.augcon.cli;

import io.augcon.core.AugCon;
import io.augcon.core.AugConBuilder;
import io.augcon.core.event.PipelineListener;
import io.augcon.core.event.BadInput;
import io.augcon.core.llm.CachingBackend;
import io.augcon.core.output.JournalMismatchException;
import io.augcon.core.output.RecordSink;
import io.augcon.core.output.ResumableJsonlWriter;
import io.augcon.core.run.RunCounters;
import io.augcon.core.run.RunSummary;
import io.augcon.scorer.InRunTrainer;
import io.augcon.scorer.TrainedScorer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code augcon generate}: runs the whole pipeline over a corpus and writes SFT records. Its
 * options live in mixins by concern; those that decide which records are written are marked
 * {@link RecordSettings}, and the work dir fingerprints them for a resume.
 */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = "Generate query/response pairs from a corpus, offline unless --base-url names an LLM server.")
final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--output", required = true, paramLabel = "FILE",
            description = "Where the JSONL records go; '-' writes them to stdout (not resumable: a rerun with the same"
                    + " --work-dir replays the cached answers and writes every record again).")
    Path output;

    @Mixin
    CorpusOptions corpus = new CorpusOptions();

    @Mixin
    GenerationOptions generation = new GenerationOptions();

    @Mixin
    ResponseOptions responses = new ResponseOptions();

    @Mixin
    ScorerOptions scorer = new ScorerOptions();

    @Option(names = "--save-scorer", paramLabel = "MODEL", description = "With --train-scorer: where to save the trained scorer.")
    Path saveScorer;

    @Mixin
    LlmOptions llm = new LlmOptions();

    @Mixin
    RunStateOptions state = new RunStateOptions();

    /** The dataset report options ({@code --report}, {@code --report-json}, {@code --report-encoder}). */
    @Mixin
    ReportOptions reportOptions = new ReportOptions();

    @Option(names = "--dry-run", description = "Read and chunk the corpus, then print the estimated LLM calls and tokens"
            + " per stage and exit, without calling any LLM.")
    boolean dryRun;

    /**
     * Checks every input path and setting first, and only then creates the work dir and the output,
     * so a mistake leaves nothing behind.
     */
    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        if (saveScorer != null && !scorer.trainScorer()) {
            throw new IllegalArgumentException("--save-scorer needs --train-scorer");
        }
        RunCounters progress = new RunCounters();
        AugConBuilder builder = AugCon.builder();
        corpus.applyTo(builder);
        generation.applyTo(builder);
        builder.listener(progress).listener(notices(err));
        responses.applyTo(builder);
        if (!Files.exists(corpus.input)) {
            throw new NoSuchFileException(corpus.input.toString());
        }
        if (dryRun) {
            return DryRun.forOptions(this, spec.commandLine().getOut(), err);
        }
        state.applyTo(builder, llm.useLlm());
        llm.applyTo(builder, generation);
        InRunTrainer trainer = scorer.applyTo(builder, llm.useLlm(), generation.seed);
        reportOptions.applyTo(builder);
        if (Files.isDirectory(output)) {
            throw new IllegalArgumentException("--output: " + output + " is a directory; expected a file for the JSONL records");
        }
        Path dir = state.workDir != null ? Files.createDirectories(state.workDir) : Files.createTempDirectory("augcon-");
        try (WorkDir work = WorkDir.open(dir, llm.useLlm())) {
            return generate(builder, work, dir, progress, trainer, err);
        }
    }

    /** Runs the configured pipeline with {@code work}'s cache and journal; the exit code, 3 when stopped at the budget. */
    private int generate(AugConBuilder builder, WorkDir work, Path dir, RunCounters progress, InRunTrainer trainer,
            PrintWriter err) throws IOException, InterruptedException {
        AtomicReference<CachingBackend> cache = llm.useLlm() ? cacheAnswers(builder, work) : new AtomicReference<>();
        RunSummary summary;
        RecordSink sink;
        try (ProgressDisplay display = ProgressDisplay.attach(builder, progress, err)) {
            AugCon augcon = builder.build();
            // Before the output exists: a wrong port or key leaves no empty file behind.
            augcon.preflight();
            sink = toStdout() ? work.beginStream(spec, generation.seed, spec.commandLine().getOut(), generation.format)
                    : work.begin(spec, output, generation.format, generation.seed, state.fresh, err);
            // The run's whole configuration, once the work dir accepted it; AugConConfig.fromJson reads it.
            Files.writeString(dir.resolve(CONFIG_FILE), augcon.config().toJson(), StandardCharsets.UTF_8);
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

    /** The file in the work dir that holds the run's {@link io.augcon.core.config.AugConConfig} as JSON. */
    static final String CONFIG_FILE = "config.json";

    /** What the run tells the user on stderr as it happens: skipped input, and a refused JSON Schema (once). */
    private static PipelineListener notices(PrintWriter err) {
        return new PipelineListener() {
            @Override
            public void badInput(BadInput bad) {
                err.println("augcon: skipped " + bad.source() + ": " + bad.reason());
            }

            @Override
            public void structuredOutputRefused(Throwable error) {
                err.println("augcon: the server refused --structured-output (" + error.getMessage()
                        + "); using the text layout for the rest of the run");
            }
        };
    }

    /** Puts the work dir's answer cache in front of the LLM; the reference gets it once the run is built. */
    private static AtomicReference<CachingBackend> cacheAnswers(AugConBuilder builder, WorkDir work) {
        AtomicReference<CachingBackend> cache = new AtomicReference<>();
        builder.decorate(llm -> {
            CachingBackend caching = new CachingBackend(llm, work.answers());
            cache.set(caching);
            return caching;
        });
        return cache;
    }

    private RunSummary run(AugCon augcon, RecordSink sink) throws IOException, InterruptedException {
        try (RecordSink out = sink) {
            RunSummary summary = augcon.run(corpus.input, out);
            if (out instanceof ResumableJsonlWriter resumable) {
                resumable.checkReproduced();
            }
            return summary;
        }
    }

    /** {@code --output -}: the records are the only thing written to stdout. */
    private boolean toStdout() {
        return output.toString().equals(STDOUT);
    }

    /** The {@code --output} value that sends the records to stdout. */
    static final String STDOUT = "-";

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

    /** The end of a run on stderr: stdout holds nothing but records, and only with {@code --output -}. */
    private void report(RunSummary summary, CachingBackend cache, WorkDir work, RecordSink sink, PrintWriter err) {
        summary.format().lines().forEach(line -> err.println("augcon: " + line));
        long kept = sink instanceof ResumableJsonlWriter resumable ? resumable.skipped() : 0;
        if (cache != null || kept > 0) {
            // Offline runs ask no LLM; a first run has nothing to keep: the line would only say zeros.
            String replayed = cache != null ? cache.hits() + " LLM answers replayed from " + work.database() + "; " : "";
            err.println("augcon: " + replayed + kept + " records already in " + output + " kept, not written again");
        }
        err.println("augcon: wrote " + summary.records() + " records to " + (toStdout() ? "stdout" : output));
    }
}
