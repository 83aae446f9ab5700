package io.augcon.core;

import io.augcon.api.AsyncFailure;
import io.augcon.api.Document;
import io.augcon.api.Language;
import io.augcon.api.LlmBackend;
import io.augcon.api.LlmUnavailableException;
import io.augcon.api.NodeExpander;
import io.augcon.api.QueryScorer;
import io.augcon.api.ResponseRefiner;
import io.augcon.api.RootContext;
import io.augcon.api.Scheduler;
import io.augcon.api.SftRecord;
import io.augcon.api.internal.DaemonThreads;
import io.augcon.core.config.AugConConfig;
import io.augcon.core.corpus.Chunker;
import io.augcon.core.corpus.CorpusReader;
import io.augcon.core.corpus.RootCutter;
import io.augcon.core.event.InputDropped;
import io.augcon.core.event.PipelineListener;
import io.augcon.core.event.SearchReport;
import io.augcon.core.filter.MinHashIndex;
import io.augcon.core.filter.QueryFilter;
import io.augcon.core.filter.SelectionConfig;
import io.augcon.core.internal.llm.ConcurrencyLimitedBackend;
import io.augcon.core.internal.llm.LlmChain;
import io.augcon.core.internal.llm.NoSuccessGuard;
import io.augcon.core.internal.run.CorpusReadAhead;
import io.augcon.core.internal.run.CrossRootDedup;
import io.augcon.core.internal.run.NegativeQueries;
import io.augcon.core.internal.run.OrderedEmitter;
import io.augcon.core.internal.run.RootFeeder;
import io.augcon.core.internal.run.RootJob;
import io.augcon.core.internal.run.ScorerWarmup;
import io.augcon.core.internal.run.TokenizerWait;
import io.augcon.core.output.JsonlRecordWriter;
import io.augcon.core.output.RecordFormat;
import io.augcon.core.output.RecordSink;
import io.augcon.core.respond.CorpusOutlook;
import io.augcon.core.respond.SelfImprovingResponder;
import io.augcon.core.run.RunCounters;
import io.augcon.core.run.RunSummary;
import io.augcon.core.scoring.NegativeKind;
import io.augcon.core.scoring.PairTrainer;
import io.augcon.core.tree.ContextSplitTree;
import io.augcon.core.tree.CstPrompt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * An AugCon pipeline: documents in, SFT records out.
 *
 * <pre>{@code
 * AugCon augcon = AugCon.builder()
 *     .llm(OpenAiChatBackend.builder().baseUrl("http://127.0.0.1:8000/v1").build())
 *     .build();
 * List<SftRecord> records = augcon.generate(List.of(Document.of("doc-1", text))).records();
 * }</pre>
 *
 * <p>Each document is cut into root contexts; each root grows Context-Split-Trees, its
 * candidate questions are ranked and deduplicated down to its quota, and the kept ones are
 * answered. Many roots are in progress at once and all LLM requests of the run share one
 * concurrency limit; records come out in corpus order. One run at a time per instance.
 *
 * <p>Configure with {@link #builder()}; {@link AugConBuilder} documents every knob and its
 * default (the method's values).
 *
 * <p><b>Fail fast.</b> Before a run reads its corpus it calls {@link LlmBackend#preflight} on
 * the backend given to {@link AugConBuilder#llm} (unless {@link
 * io.augcon.core.llm.LlmPolicy#preflight()} is off): a wrong port, an unknown host, a refused
 * key or a missing model ends the run within seconds with an {@link LlmUnavailableException}
 * that quotes the server. During the run, when no LLM call has succeeded and 5 calls have
 * finally failed (after their retries), the run stops with an {@link LlmUnavailableException}
 * whose cause is the first failure; and a run that made calls of which none succeeded throws
 * it at its end, so a run never returns normally with nothing made because every call failed.
 */
public final class AugCon {
    /**
     * How long the {@linkplain LlmBackend#preflight preflight} may take for each of its requests;
     * the run waits at most twice as long (a model list, then a probe) plus a second, then goes on.
     */
    public static final Duration PREFLIGHT_TIMEOUT = Duration.ofSeconds(5);

    private final AugConConfig config;
    private final NodeExpander expander;
    private final ResponseRefiner refiner;
    private final Function<Language, CstPrompt> cstPrompts;
    private final QueryScorer scorer;
    private final PairTrainer scorerTrainer;
    private final List<PipelineListener> listeners;
    private final LlmBackend limitedLlm;
    /** The backend given to the builder, undecorated: the one the preflight asks. */
    private final LlmBackend rawLlm;
    private final NoSuccessGuard guard;
    /** The chain's run-wide limiter, told where to hand answers on during a run; null without a chain. */
    private final ConcurrencyLimitedBackend limiter;
    private final ListenerRelay relay;
    private final Scheduler scheduler;
    private final AtomicReference<CompletionStage<CorpusOutlook>> outlook;
    /** Whether {@link #preflight()} has passed, so the runs after it do not ask again. */
    private volatile boolean preflightPassed;

    AugCon(AugConConfig config, Stages.Chosen stages, QueryScorer scorer, PairTrainer scorerTrainer,
            List<PipelineListener> listeners, LlmBackend rawLlm, LlmChain chain, ListenerRelay relay,
            Scheduler scheduler, AtomicReference<CompletionStage<CorpusOutlook>> outlook) {
        this.config = config;
        this.expander = stages.expander();
        this.refiner = stages.refiner();
        this.cstPrompts = stages.cstPrompts();
        this.scorer = scorer;
        this.scorerTrainer = scorerTrainer;
        this.listeners = List.copyOf(listeners);
        this.rawLlm = rawLlm;
        this.limitedLlm = chain == null ? null : chain.backend();
        this.guard = chain == null ? null : chain.guard();
        this.limiter = chain == null ? null : chain.limiter();
        this.relay = relay;
        this.scheduler = scheduler;
        this.outlook = outlook;
    }

    /** A builder with the method's defaults. */
    public static AugConBuilder builder() {
        return new AugConBuilder();
    }

    /**
     * The run-wide LLM backend (retrying, concurrency-limited and metered) the default stages use,
     * for custom stages that should share the limit; {@code null} when no LLM was configured.
     */
    public LlmBackend llm() {
        return limitedLlm;
    }

    /**
     * Runs the pipeline over {@code documents} and returns the records in corpus order with the
     * run's summary, which says what was dropped and, when no record came out, why ({@link
     * RunSummary#whyEmpty()}). For large corpora use {@link #run}, which streams.
     *
     * <pre>{@code
     * Generated out = augcon.generate(List.of(Document.of("doc-1", text)));
     * out.summary().whyEmpty().ifPresent(System.err::println);
     * List<SftRecord> records = out.records();
     * }</pre>
     */
    public Generated generate(Collection<Document> documents) throws InterruptedException {
        List<SftRecord> records = new ArrayList<>();
        RunSummary summary;
        try {
            summary = run(documents.stream(), new RecordSink() {
                @Override
                public void write(SftRecord record) {
                    records.add(record);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("collecting records in memory cannot fail", e);
        }
        return new Generated(records, summary);
    }

    /**
     * Runs the pipeline over a stream of documents, writing records to {@code sink} as each root
     * finishes (in corpus order), and returns the run's summary. The stream is read lazily: at
     * most {@link io.augcon.core.config.ExecutionConfig#maxRootsInProgress()} roots are held at once.
     *
     * @throws IOException          when the sink fails
     * @throws InterruptedException when the calling thread is interrupted; work in flight is
     *                              abandoned
     * @throws LlmUnavailableException when the LLM failed its preflight, or every LLM call of
     *                              the run failed (see the class description)
     * @throws RuntimeException     the first unexpected failure of a stage (other LLM failures
     *                              are counted in the summary, not thrown), or what the document
     *                              stream throws (e.g. strict bad-input handling)
     */
    public RunSummary run(Stream<Document> documents, RecordSink sink) throws IOException, InterruptedException {
        preflight();
        RunCounters counters = counters();
        return run(documents, sink, counters, ListenerRelay.compose(counters, listeners));
    }

    /**
     * Runs the pipeline over the corpus at {@code input} and writes the records to {@code output}
     * as JSONL in the {@link RecordFormat#AUGCON} layout, one record per line as each root
     * finishes. The input is checked (it exists, and a file is one the reader reads) before the
     * output file is created, so a wrong path leaves no empty output behind.
     *
     * @throws java.nio.file.NoSuchFileException when {@code input} does not exist (no output is created)
     * @throws IllegalArgumentException when {@code input} is a file other than .txt, .md or .jsonl
     *     (no output is created)
     * @throws LlmUnavailableException when the LLM failed its preflight (no output is created),
     *                              or every LLM call of the run failed
     */
    public RunSummary run(Path input, Path output) throws IOException, InterruptedException {
        preflight();
        RunCounters counters = counters();
        PipelineListener listener = ListenerRelay.compose(counters, listeners);
        try (Stream<Document> documents = read(input, listener);
                RecordSink sink = JsonlRecordWriter.create(output, RecordFormat.AUGCON)) {
            return run(documents, sink, counters, listener);
        }
    }

    /**
     * Runs the pipeline over the corpus at {@code input} (a file or a directory, read as {@link
     * CorpusReader} describes). Bad documents are skipped and reported to the listeners, or stop
     * the run when {@link io.augcon.core.corpus.CorpusConfig#strictInput()} is set.
     *
     * @throws java.nio.file.NoSuchFileException when {@code input} does not exist
     * @throws io.augcon.core.corpus.BadInputException at the first bad document, in strict mode
     * @throws LlmUnavailableException when the LLM failed its preflight, or every LLM call of the run failed
     */
    public RunSummary run(Path input, RecordSink sink) throws IOException, InterruptedException {
        preflight();
        RunCounters counters = counters();
        PipelineListener listener = ListenerRelay.compose(counters, listeners);
        try (Stream<Document> documents = read(input, listener)) {
            return run(documents, sink, counters, listener);
        }
    }

    /** The corpus at {@code input}, listed and checked now, read lazily; bad documents go to {@code listener}. */
    private Stream<Document> read(Path input, PipelineListener listener) throws IOException {
        CorpusReader reader = CorpusReader.builder().strict(config.corpus().strictInput())
                .onBadInput(listener::badInput).build();
        return reader.read(input);
    }

    private RunSummary run(Stream<Document> documents, RecordSink sink, RunCounters counters,
            PipelineListener listener) throws IOException, InterruptedException {
        return inRun(listener, (cpu, cutter, tokenizers) -> {
            Iterator<Document> corpus = documents.iterator();
            NodeExpander treeExpander = expander;
            QueryScorer scorer = this.scorer;
            String scorerNote = scorer.ranks() ? scorer.id() : "none: candidates kept in generation order";
            SelectionConfig selection = config.selection();
            if (scorerTrainer != null) {
                ScorerWarmup warmup = new ScorerWarmup(expander);
                // The warm-up's documents are fed to the run again below, which reports their drops once.
                ScorerWarmup.Outcome outcome = warmUp(warmup, corpus, cutter, tokenizers, cpu);
                corpus = followedBy(outcome.documentsRead().iterator(), corpus);
                treeExpander = warmup.mainPass();
                scorer = outcome.scorer();
                scorerNote = outcome.note();
            }
            listener.scorerReady(scorer, scorerNote);
            RootJob.Plan plan = new RootJob.Plan(
                    new ContextSplitTree(treeExpander, config.tree().rules(), config.seed(), cpu, listener),
                    scorer,
                    new QueryFilter(selection.rougeThreshold(), selection.rougeMeasure()),
                    selection.quota(), selection.oversample(), selection.maxTreeRuns(), refiner, config.seed(), cpu, listener,
                    expander.id());
            feed(corpus, cutter, tokenizers, plan, sink, listener);
            return counters.summary();
        });
    }

    /** A pass over documents inside {@link #inRun}: given the run's CPU pool, cutter and tokenizer watch. */
    private interface Pass<T> {
        T run(ExecutorService cpu, RootCutter cutter, TokenizerWait tokenizers) throws IOException, InterruptedException;
    }

    /**
     * Runs {@code pass} as this pipeline's one run at a time: {@code listener} hears the chain's
     * events, the all-failed rule is armed for it and checked at its end, and it has a CPU pool of
     * its own, shut down after it.
     */
    private synchronized <T> T inRun(PipelineListener listener, Pass<T> pass) throws IOException, InterruptedException {
        relay.set(listener);
        if (guard != null) {
            guard.startRun();
        }
        ExecutorService cpu = Executors.newFixedThreadPool(config.execution().resolvedCpuThreads(), DaemonThreads.numbered("augcon-cpu-"));
        // Answers are handed on, and the requests they make room for built and sent, on a thread of
        // the run's own: not on the HTTP client's or the answer store's thread that completed them,
        // and not behind the tree work queued for the CPU pool (ConcurrencyLimitedBackend).
        ExecutorService dispatch = Executors.newSingleThreadExecutor(DaemonThreads.numbered("augcon-llm-"));
        if (limiter != null) {
            limiter.dispatchOn(dispatch);
        }
        try {
            T result = pass.run(cpu, new RootCutter(new Chunker(config.corpus()), config.corpus().language()),
                    new TokenizerWait(listener));
            if (guard != null) {
                guard.endOfRun();
            }
            return result;
        } finally {
            if (limiter != null) {
                limiter.dispatchOn(null);
            }
            cpu.shutdownNow();
            dispatch.shutdownNow();
            relay.set(null);
        }
    }

    /** The warm-up of a run that trains its scorer, over the start of {@code corpus}. */
    private ScorerWarmup.Outcome warmUp(ScorerWarmup warmup, Iterator<Document> corpus, RootCutter cutter,
            TokenizerWait tokenizers, ExecutorService cpu) throws InterruptedException {
        SelectionConfig selection = config.selection();
        NegativeQueries negatives = new NegativeQueries(limitedLlm, cstPrompts, selection.scorerPairsPerKind(), config.seed());
        return warmup.run(corpus, document -> roots(document, cutter, 0, dropped -> { }, tokenizers), config.tree().rules(),
                config.seed(), cpu, negatives, scorerTrainer, NegativeKind.values().length * selection.scorerPairsPerKind(),
                maxRootsInProgress(), scorer);
    }

    /**
     * Runs only the warm-up of a run that trains its scorer ({@link AugConBuilder#trainScorer}) on
     * the start of {@code documents}, as {@link #run} would before its main pass: trees grown on
     * the first roots until enough queries are in hand, the negatives asked for, the trainer
     * called. Returns what that run would rank with: the trained scorer, or the configured one
     * when too few pairs came out. Nothing is generated. For a host that trains once for many
     * pipelines (augcon-spark's driver), which then give the pipelines that scorer ({@link
     * AugConBuilder#scorer}) and no trainer, so that none of them trains.
     *
     * <pre>{@code
     * InRunTrainer trainer = new InRunTrainer(ScorerTrainer.builder().seed(7).build());
     * QueryScorer once = AugCon.builder().llm(backend).trainScorer(trainer).build().trainScorer(documents.iterator());
     * }</pre>
     *
     * @throws IllegalStateException   when this pipeline has no trainer
     * @throws LlmUnavailableException when the LLM failed its preflight, or every call failed
     * @throws InterruptedException    when the calling thread is interrupted
     */
    public QueryScorer trainScorer(Iterator<Document> documents) throws InterruptedException {
        if (scorerTrainer == null) {
            throw new IllegalStateException("trainScorer: this pipeline has no trainer (AugConBuilder.trainScorer)");
        }
        preflight();
        try {
            return inRun(ListenerRelay.compose(counters(), listeners), (cpu, cutter, tokenizers) ->
                    warmUp(new ScorerWarmup(expander), documents, cutter, tokenizers, cpu).scorer());
        } catch (IOException e) {
            throw new UncheckedIOException("a scorer warm-up writes nothing", e);
        }
    }

    private void feed(Iterator<Document> documents, RootCutter cutter, TokenizerWait tokenizers, RootJob.Plan plan,
            RecordSink sink, PipelineListener listener) throws IOException, InterruptedException {
        RootFeeder feeder = new RootFeeder(maxRootsInProgress());
        double dedupThreshold = config.selection().activeGlobalDedupThreshold();
        CrossRootDedup crossRootDedup = dedupThreshold > 0
                ? new CrossRootDedup(MinHashIndex.builder().threshold(dedupThreshold).build())
                : null;
        // The writing and flushing happen on a thread of their own, so a flush that waits for the
        // disk holds none of the run's CPU threads (OrderedEmitter).
        ExecutorService output = Executors.newSingleThreadExecutor(DaemonThreads.numbered("augcon-output-"));
        OrderedEmitter emitter = new OrderedEmitter(sink, listener, feeder.permits(), crossRootDedup, output);
        CorpusReadAhead readAhead = new CorpusReadAhead(maxRootsInProgress(), plan.quota(), plan.executor());
        outlook.set(readAhead.outlook());
        Throwable failure;
        try {
            failure = feeder.feed(readAhead.watch(documents), (document, first) -> roots(document, cutter, first, listener::inputDropped, tokenizers),
                    () -> false,
                    (document, roots) -> {
                        readAhead.read(roots);
                        listener.documentRead(document, roots.size());
                    },
                    root -> new RootJob(plan, root).run().thenCompose(records -> emitter.complete(root.sequence(), records)));
        } finally {
            readAhead.stopped();
            // After a failure the feeder returns while a write may still be under way: it must
            // end before the caller closes the sink.
            output.shutdown();
            output.awaitTermination(1, TimeUnit.DAYS);
        }
        rethrow(failure);
    }

    /**
     * Runs the default answering step's demonstration search now, once for each language in which
     * {@code job} owes pairs, sized by the automatic budget for {@code job} as a run over that
     * corpus sizes it, and returns the reports. A host that splits one job over many pipelines
     * (augcon-spark's driver) calls this once, with the whole corpus's outlook, and gives the
     * reports to every pipeline ({@link AugConBuilder#searchedDemonstrations}): the search then
     * costs its calls once per job, and every pipeline answers with the demonstrations a single
     * run over the corpus would choose. The search's calls go through this pipeline's chain
     * (preflight, retries, concurrency limit, decorators) and its listeners hear them.
     *
     * <pre>{@code
     * List<SearchReport> once = driver.searchDemonstrations(() -> new CorpusOutlook(Map.of(Language.EN, 55L), true));
     * AugCon task = AugCon.builder().llm(backend).searchedDemonstrations(once).build();
     * }</pre>
     *
     * @param job asked once, and only when the answering step is the default one (a replaced
     *            step searches nothing, and the result is then empty)
     * @throws LlmUnavailableException when the LLM failed its preflight, or every search call failed
     * @throws InterruptedException    when the calling thread is interrupted; the search is abandoned
     */
    public synchronized List<SearchReport> searchDemonstrations(Supplier<CorpusOutlook> job) throws InterruptedException {
        if (!(refiner instanceof SelfImprovingResponder responder)) {
            return List.of();
        }
        CorpusOutlook known = Objects.requireNonNull(job.get(), "job returned null instead of an outlook");
        preflight();
        relay.set(listeners.isEmpty() ? null : ListenerRelay.compose(listeners.get(0), listeners.subList(1, listeners.size())));
        outlook.set(CompletableFuture.completedFuture(known));
        if (guard != null) {
            guard.startRun();
        }
        try {
            List<CompletableFuture<SearchReport>> searches = new ArrayList<>();
            for (Language language : Language.values()) {
                if (known.pairsOwed(language) > 0) {
                    searches.add(responder.search(language));
                }
            }
            List<SearchReport> reports = new ArrayList<>();
            for (CompletableFuture<SearchReport> search : searches) {
                reports.add(search.get());
            }
            if (guard != null) {
                guard.endOfRun();
            }
            return List.copyOf(reports);
        } catch (ExecutionException e) {
            Throwable cause = AsyncFailure.cause(e.getCause());
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException("the demonstration search failed", cause);
        } finally {
            relay.set(null);
        }
    }

    /** Counters on the clock the run's breaker pauses and backoff are measured on. */
    private RunCounters counters() {
        return new RunCounters(scheduler::nanoTime);
    }

    /**
     * Checks now that the LLM can answer at all, as every run does first (see the class
     * description), so a caller can fail before it creates anything of its own, such as an output
     * file. A check that passed, or that only met a slow server, is not repeated by this
     * instance's runs. Does nothing without an LLM or when {@link
     * io.augcon.core.llm.LlmPolicy#preflight()} is off.
     *
     * @throws LlmUnavailableException when the server is unreachable, refuses the key, or does
     *                                 not serve the path or the model; the message quotes it
     * @throws InterruptedException    when the calling thread is interrupted while waiting
     */
    public void preflight() throws InterruptedException {
        if (rawLlm == null || !config.llm().preflight() || preflightPassed) {
            return;
        }
        CompletionStage<Void> check = rawLlm.preflight(PREFLIGHT_TIMEOUT);
        if (check == null) {
            throw new IllegalStateException(rawLlm.getClass().getName() + ".preflight returned null instead of a stage");
        }
        CompletableFuture<Void> checked = check.toCompletableFuture();
        try {
            checked.get(PREFLIGHT_TIMEOUT.multipliedBy(2).plusSeconds(1).toMillis(), TimeUnit.MILLISECONDS);
            preflightPassed = true;
        } catch (TimeoutException e) {
            checked.cancel(true);
            preflightPassed = true;
        } catch (ExecutionException e) {
            Throwable cause = AsyncFailure.cause(e.getCause());
            if (cause instanceof LlmUnavailableException) {
                throw (LlmUnavailableException) cause;
            }
            throw new LlmUnavailableException("the preflight of " + rawLlm.getClass().getName() + " failed: "
                    + (cause.getMessage() != null ? cause.getMessage() : cause.getClass().getName()), cause);
        }
    }

    /**
     * The root contexts of {@code document}, numbered in corpus order from {@code firstSequence};
     * what was left out goes to {@code dropped}.
     */
    private static List<RootContext> roots(Document document, RootCutter cutter, long firstSequence,
            Consumer<InputDropped> dropped, TokenizerWait tokenizers) {
        Language language = cutter.languageOf(document);
        // Starts loading the language's tokenizer now, while the first requests are out, not when
        // the first answer needs it.
        tokenizers.ask(language);
        return cutter.cut(document, language, firstSequence, dropped);
    }

    private static <T> Iterator<T> followedBy(Iterator<T> first, Iterator<T> then) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return first.hasNext() || then.hasNext();
            }

            @Override
            public T next() {
                return first.hasNext() ? first.next() : then.next();
            }
        };
    }

    private static void rethrow(Throwable failure) throws IOException {
        if (failure == null) {
            return;
        }
        Throwable cause = AsyncFailure.cause(failure);
        if (cause instanceof UncheckedIOException) {
            throw ((UncheckedIOException) cause).getCause();
        }
        if (cause instanceof RuntimeException) {
            throw (RuntimeException) cause;
        }
        if (cause instanceof Error) {
            throw (Error) cause;
        }
        throw new IllegalStateException("pipeline failed", cause);
    }

    private int maxRootsInProgress() {
        return config.execution().resolvedMaxRootsInProgress(config.llm().concurrency());
    }

    /** The configuration this pipeline runs with. */
    public AugConConfig config() {
        return config;
    }

    /** The listeners that hear every event of every run, in the order added. */
    public List<PipelineListener> listeners() {
        return listeners;
    }
}
