package io.augcon.core;

import io.augcon.api.ContextSplitter;
import io.augcon.api.LlmBackend;
import io.augcon.api.NodeExpander;
import io.augcon.api.QueryGenerator;
import io.augcon.api.QueryScorer;
import io.augcon.api.ResponseRefiner;
import io.augcon.core.config.AugConConfig;
import io.augcon.core.corpus.CorpusConfig;
import io.augcon.core.config.ExecutionConfig;
import io.augcon.core.event.PipelineListener;
import io.augcon.core.event.SearchReport;
import io.augcon.core.llm.LlmPolicy;
import io.augcon.core.llm.StructuredOutput;
import io.augcon.core.respond.CorpusOutlook;
import io.augcon.core.respond.ResponseConfig;
import io.augcon.core.filter.SelectionConfig;
import io.augcon.core.tree.TreeConfig;
import io.augcon.core.internal.llm.LlmChain;
import io.augcon.api.Scheduler;
import io.augcon.core.scoring.PairTrainer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * Configures an {@link AugCon} pipeline: an {@link AugConConfig} value with the method's defaults,
 * plus the live objects a value cannot hold (the LLM, replaced stages, listeners, decorators). The
 * only thing a plain LLM run needs is {@link #llm}.
 *
 * <pre>{@code
 * AugCon augcon = AugCon.builder()
 *     .llm(backend)
 *     .concurrency(64)                                         // a server with 64 slots
 *     .seed(7)
 *     .selection(s -> s.withQuota(Quota.perWords(12)))        // English: one pair per 12 words
 *     .tree(t -> t.withSplitMode(SplitMode.NUMBERED))
 *     .build();
 * }</pre>
 *
 * <p>Each group of knobs is a record ({@link CorpusConfig}, {@link TreeConfig},
 * {@link SelectionConfig}, {@link ResponseConfig}, {@link LlmPolicy}, {@link ExecutionConfig})
 * that documents every knob and its default; the group methods here edit them, and a bad value is
 * rejected at once with an {@link IllegalArgumentException} naming the knob. {@link #config}
 * sets all of them from one value, e.g. one read with {@link AugConConfig#fromJson}.
 */
public final class AugConBuilder {
    private AugConConfig config = AugConConfig.DEFAULTS;
    private final Stages stages = new Stages();
    private QueryScorer scorer = QueryScorer.generationOrder();
    private PairTrainer scorerTrainer;
    private Scheduler scheduler = Scheduler.system();
    private final List<PipelineListener> listeners = new ArrayList<>();
    private final List<UnaryOperator<LlmBackend>> decorators = new ArrayList<>();

    AugConBuilder() {}

    /** Replaces every knob with {@code value}'s (default {@link AugConConfig#DEFAULTS}). */
    public AugConBuilder config(AugConConfig value) {
        this.config = Objects.requireNonNull(value, "config");
        return this;
    }

    /** The run seed (default 0): every request's seed is derived from it and the request's place in the run. */
    public AugConBuilder seed(long value) {
        config = config.withSeed(value);
        return this;
    }

    /** LLM requests in flight at once over the whole run (default 16); short for {@code llmPolicy(p -> p.withConcurrency(value))}. */
    public AugConBuilder concurrency(int value) {
        return llmPolicy(p -> p.withConcurrency(value));
    }

    /** Changes how the corpus is read and cut ({@link CorpusConfig}). */
    public AugConBuilder corpus(UnaryOperator<CorpusConfig> edit) {
        config = config.withCorpus(edit);
        return this;
    }

    /** Changes the tree's rules and split mode ({@link TreeConfig}). */
    public AugConBuilder tree(UnaryOperator<TreeConfig> edit) {
        config = config.withTree(edit);
        return this;
    }

    /** Changes quota, filtering and deduplication ({@link SelectionConfig}). */
    public AugConBuilder selection(UnaryOperator<SelectionConfig> edit) {
        config = config.withSelection(edit);
        return this;
    }

    /** Changes the default answering step ({@link ResponseConfig}); ignored when {@link #responseRefiner} replaces it. */
    public AugConBuilder responses(UnaryOperator<ResponseConfig> edit) {
        config = config.withResponses(edit);
        return this;
    }

    /** Changes concurrency, resilience and budgets ({@link LlmPolicy}). */
    public AugConBuilder llmPolicy(UnaryOperator<LlmPolicy> edit) {
        config = config.withLlm(edit);
        return this;
    }

    /** Changes threads and roots in progress ({@link ExecutionConfig}). */
    public AugConBuilder execution(UnaryOperator<ExecutionConfig> edit) {
        config = config.withExecution(edit);
        return this;
    }

    /** The LLM the default stages ask. Required unless every LLM stage is replaced. */
    public AugConBuilder llm(LlmBackend value) {
        stages.llm = Objects.requireNonNull(value, "llm");
        return this;
    }

    /** Replaces the whole tree step (default: the paper's joint LLM call, one per node). */
    public AugConBuilder nodeExpander(NodeExpander value) {
        stages.nodeExpander = Objects.requireNonNull(value, "nodeExpander");
        return this;
    }

    /**
     * Replaces question generation only; the default tree step still makes the split. It keeps
     * the paper's joint prompt, so the model still writes a question, which is not used: a
     * split-only prompt would be a new, untested prompt, while the unused question costs one line
     * of an answer that rewrites the whole context. Still one LLM call per node for the split, plus
     * what {@code value} costs. {@link #build()} refuses this with {@code SplitMode.NUMBERED}.
     */
    public AugConBuilder queryGenerator(QueryGenerator value) {
        stages.queryGenerator = Objects.requireNonNull(value, "queryGenerator");
        return this;
    }

    /**
     * Replaces context splitting only; the default tree step still writes the question. The split
     * comes from {@code value}, so the model is asked for the question only
     * ({@link io.augcon.core.tree.CstFormat#questionOnly}, provenance {@code llm-cst-question/...}):
     * no tokens go to a split that would be thrown away, and an answer without one is not a
     * failure. The split mode has no effect then, since the model does not split.
     */
    public AugConBuilder contextSplitter(ContextSplitter value) {
        stages.contextSplitter = Objects.requireNonNull(value, "contextSplitter");
        return this;
    }

    /** Replaces the answering step (default: {@link io.augcon.core.respond.SelfImprovingResponder} configured by {@link #responses}). */
    public AugConBuilder responseRefiner(ResponseRefiner value) {
        stages.responseRefiner = Objects.requireNonNull(value, "responseRefiner");
        return this;
    }

    /**
     * Demonstration searches already run for this job, e.g. by {@link AugCon#searchDemonstrations}
     * on a Spark driver: the default answering step does not search a language with a report
     * here, and uses the report's choice (see {@link
     * io.augcon.core.respond.SelfImprovingResponder.Builder#searched}). Ignored when {@link
     * #responseRefiner} replaces that step. Default none.
     */
    public AugConBuilder searchedDemonstrations(Collection<SearchReport> reports) {
        stages.searched = List.copyOf(reports);
        return this;
    }

    /** Ranks candidates (default: generation order, records unscored). */
    public AugConBuilder scorer(QueryScorer value) {
        this.scorer = Objects.requireNonNull(value, "scorer");
        return this;
    }

    /**
     * Trains the query scorer in the run, as the paper: trees are grown on the first roots until
     * {@code 3 * scorerPairsPerKind} queries are in hand, a sample of them is paired with
     * negatives the LLM writes under three weaker prompts, {@code trainer} trains on the pairs,
     * and the run ranks with the result. The warm-up's tree answers are reused, so it costs only
     * the negative requests. Overrides {@link #scorer}. {@code augcon-scorer} provides a trainer.
     */
    public AugConBuilder trainScorer(PairTrainer trainer) {
        this.scorerTrainer = Objects.requireNonNull(trainer, "trainer");
        return this;
    }

    /**
     * Wraps the LLM in a decorator of yours (a cache, a rate limiter, a logger): the one extension
     * point of the chain {@link LlmChain} builds. Decorators sit inside the run-wide concurrency
     * limit and outside the accounting, the last added outermost: they see every attempt, and only
     * the calls that reach the backend are counted as LLM calls (a cache hit is not).
     */
    public AugConBuilder decorate(UnaryOperator<LlmBackend> decorator) {
        decorators.add(Objects.requireNonNull(decorator, "decorator"));
        return this;
    }

    /**
     * The clock and timer of backoff, timeouts and breaker pauses, and the clock of the summary's
     * wall time and pause time (default {@link Scheduler#system()}).
     */
    public AugConBuilder scheduler(Scheduler value) {
        this.scheduler = Objects.requireNonNull(value, "scheduler");
        return this;
    }

    /** Adds a listener that hears every event of every run. */
    public AugConBuilder listener(PipelineListener value) {
        listeners.add(Objects.requireNonNull(value, "listener"));
        return this;
    }

    /** The configuration set so far. */
    public AugConConfig config() {
        return config;
    }

    /**
     * Builds the pipeline.
     *
     * @throws IllegalArgumentException when no {@link #llm} is set and a default LLM stage is
     *                                  needed, or when replaced stages do not fit together
     */
    public AugCon build() {
        ListenerRelay relay = new ListenerRelay();
        LlmChain chain = stages.llm == null ? null
                : LlmChain.around(stages.llm, config.llm(), decorators, scheduler, relay, relay);
        LlmBackend limited = chain == null ? null : chain.backend();
        StructuredOutput structured = config.llm().structuredOutput()
                ? StructuredOutput.on(relay::structuredOutputRefused) : StructuredOutput.off();
        // The run in progress puts its corpus outlook here; the answering step lives as long as the pipeline.
        AtomicReference<CompletionStage<CorpusOutlook>> outlook =
                new AtomicReference<>(CompletableFuture.completedFuture(CorpusOutlook.UNKNOWN));
        Stages.Chosen chosen = stages.choose(config, limited, relay::demonstrationsChosen, outlook::get, structured);
        if (scorerTrainer != null && limited == null) {
            throw new IllegalArgumentException("trainScorer: the negatives are asked of an LLM, so llm must be set");
        }
        return new AugCon(config, chosen, scorer, scorerTrainer, listeners, stages.llm, chain, relay, scheduler, outlook);
    }
}
