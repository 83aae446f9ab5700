package io.augcon.core;

import static io.augcon.core.Knob.atLeast;
import static io.augcon.core.Knob.inRange;

import io.augcon.api.ContextSplitter;
import io.augcon.api.Language;
import io.augcon.api.LlmBackend;
import io.augcon.api.NodeExpander;
import io.augcon.api.QueryGenerator;
import io.augcon.api.QueryScorer;
import io.augcon.api.ResponseRefiner;
import io.augcon.core.filter.Quota;
import io.augcon.core.llm.BudgetBackend;
import io.augcon.core.llm.BudgetExhaustedException;
import io.augcon.core.llm.MeteredBackend;
import io.augcon.core.llm.Resilience;
import io.augcon.core.respond.BelowFloor;
import io.augcon.core.respond.PromptedResponder;
import io.augcon.core.respond.SeedExample;
import io.augcon.core.respond.SelfImprovingResponder;
import io.augcon.core.scoring.PairTrainer;
import io.augcon.core.text.RougeMeasure;
import io.augcon.core.tree.CstPrompt;
import io.augcon.core.tree.CstFormat;
import io.augcon.core.tree.CstStep;
import io.augcon.core.tree.RewritePrompts;
import io.augcon.core.tree.SplitMode;
import io.augcon.core.tree.TreeRules;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Configures an {@link AugCon} pipeline. Every knob has the method's default; the only thing
 * a plain LLM run needs is {@link #llm}.
 *
 * <pre>{@code
 * AugCon augcon = AugCon.builder()
 *     .llm(backend)
 *     .quota(Quota.perWords(12))      // English: one pair per 12 words
 *     .concurrency(64)                // a server with 64 slots
 *     .seed(7)
 *     .build();
 * }</pre>
 *
 * <p>Setters reject bad values at once with an {@link IllegalArgumentException} naming the knob;
 * {@link #build()} checks what depends on several knobs.
 */
public final class AugConBuilder {
    private LlmBackend llm;
    private NodeExpander nodeExpander;
    private QueryGenerator queryGenerator;
    private ContextSplitter contextSplitter;
    private QueryScorer scorer = QueryScorer.generationOrder();
    private PairTrainer scorerTrainer;
    private int scorerPairsPerKind = 500;
    private ResponseRefiner responseRefiner;
    private Language language;
    private int maxChunkChars = 500;
    private int minParagraphChars = 100;
    private int minContextChars = TreeRules.DEFAULT.minContextChars();
    private int minQuestionChars = TreeRules.DEFAULT.minQuestionChars();
    private double minChildPrecision = TreeRules.DEFAULT.minChildPrecision();
    private Quota quota = Quota.perChars(35);
    private double oversample = 1.15;
    private int maxTreeRuns = 4;
    private double rougeThreshold = 0.7;
    private RougeMeasure rougeMeasure = RougeMeasure.PRECISION;
    private int concurrency = 16;
    private int maxRootsInProgress;
    private int cpuThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
    private long seed;
    private double cstTemperature = CstStep.DEFAULT_TEMPERATURE;
    private int cstMaxAttempts = CstStep.DEFAULT_MAX_ATTEMPTS;
    private double responseTemperature = PromptedResponder.DEFAULT_TEMPERATURE;
    private final Map<Language, List<String>> principles = new EnumMap<>(Language.class);
    private List<SeedExample> seedExamples = List.of();
    private int demonstrations = SelfImprovingResponder.DEFAULT_DEMONSTRATIONS;
    private int demonstrationSearchBudget = SelfImprovingResponder.DEFAULT_SEARCH_BUDGET;
    private boolean reasoning;
    private double groundingFloor = SelfImprovingResponder.DEFAULT_GROUNDING_FLOOR;
    private BelowFloor belowFloor = BelowFloor.KEEP_FLAGGED;
    private final List<PipelineListener> listeners = new ArrayList<>();
    private final List<UnaryOperator<LlmBackend>> decorators = new ArrayList<>();
    private boolean strictInput;
    private Resilience resilience = Resilience.defaults();
    private SplitMode splitMode = SplitMode.REWRITE;
    private long maxCalls = BudgetBackend.UNLIMITED;
    private long maxTokensTotal = BudgetBackend.UNLIMITED;
    private boolean globalDedup;
    private double globalDedupThreshold = 0.7;

    AugConBuilder() {}

    /**
     * The settings a built pipeline runs with.
     *
     * @param language           the language of every document, or {@code null} to detect per document
     * @param maxChunkChars      longest root context in characters
     * @param minParagraphChars  paragraphs this long or shorter are dropped
     * @param treeRules          the tree's stopping rules
     * @param quota              pairs owed per root
     * @param oversample         candidates gathered per pair owed before filtering
     * @param maxTreeRuns        trees grown per root at most
     * @param rougeThreshold     queries this similar to a kept one are dropped
     * @param rougeMeasure       the ROUGE-L measure compared with the threshold
     * @param concurrency        LLM requests in flight at once, run-wide
     * @param maxRootsInProgress roots started and not yet written, at most
     * @param cpuThreads         threads for the CPU work between LLM answers
     * @param seed               the run seed every request seed derives from
     * @param scorer             ranks candidates
     * @param listeners          hear every event
     * @param strictInput        whether a bad document stops a run read from a path
     * @param scorerTrainer      trains the scorer in the run, or {@code null} to use {@code scorer}
     * @param scorerPairsPerKind negatives of each kind asked for when training in the run
     * @param globalDedupThreshold Jaccard threshold of the cross-root deduplication, 0 when it is off
     */
    public record Settings(
            Language language,
            int maxChunkChars,
            int minParagraphChars,
            TreeRules treeRules,
            Quota quota,
            double oversample,
            int maxTreeRuns,
            double rougeThreshold,
            RougeMeasure rougeMeasure,
            int concurrency,
            int maxRootsInProgress,
            int cpuThreads,
            long seed,
            QueryScorer scorer,
            List<PipelineListener> listeners,
            boolean strictInput,
            PairTrainer scorerTrainer,
            int scorerPairsPerKind,
            double globalDedupThreshold) {
        public Settings {
            listeners = List.copyOf(listeners);
        }

        /** Settings without cross-root deduplication (the shape before that option existed). */
        public Settings(Language language, int maxChunkChars, int minParagraphChars, TreeRules treeRules, Quota quota,
                double oversample, int maxTreeRuns, double rougeThreshold, RougeMeasure rougeMeasure, int concurrency,
                int maxRootsInProgress, int cpuThreads, long seed, QueryScorer scorer, List<PipelineListener> listeners,
                boolean strictInput, PairTrainer scorerTrainer, int scorerPairsPerKind) {
            this(language, maxChunkChars, minParagraphChars, treeRules, quota, oversample, maxTreeRuns, rougeThreshold,
                    rougeMeasure, concurrency, maxRootsInProgress, cpuThreads, seed, scorer, listeners, strictInput,
                    scorerTrainer, scorerPairsPerKind, 0);
        }
    }

    /** The LLM the default stages ask. Required unless every LLM stage is replaced. */
    public AugConBuilder llm(LlmBackend value) {
        this.llm = Objects.requireNonNull(value, "llm");
        return this;
    }

    /** Replaces the tree step (default: the paper's joint LLM call, {@link CstStep}). */
    public AugConBuilder nodeExpander(NodeExpander value) {
        this.nodeExpander = Objects.requireNonNull(value, "nodeExpander");
        return this;
    }

    /**
     * Replaces question generation only; the other half of the tree step stays the default. The
     * default step is then the splitter and keeps the paper's joint prompt, so the model still
     * writes a question, which is not used: a split-only prompt would be a new, untested prompt,
     * while the unused question costs one line of an answer that rewrites the whole context.
     * Still one LLM call per node for the split, plus what {@code value} costs. {@link #build()}
     * refuses this with {@link SplitMode#NUMBERED}.
     */
    public AugConBuilder queryGenerator(QueryGenerator value) {
        this.queryGenerator = Objects.requireNonNull(value, "queryGenerator");
        return this;
    }

    /**
     * Replaces context splitting only; the other half of the tree step stays the default. The
     * split then comes from {@code value}, so the default step asks the model for the question
     * only ({@link CstFormat#questionOnly()}, provenance {@code llm-cst-question/...}): no tokens
     * are spent on a split that would be thrown away, and an answer without one is not a failure.
     * {@link #splitMode} has no effect then, since the model does not split.
     */
    public AugConBuilder contextSplitter(ContextSplitter value) {
        this.contextSplitter = Objects.requireNonNull(value, "contextSplitter");
        return this;
    }

    /** Ranks candidates (default: generation order, records unscored). */
    public AugConBuilder scorer(QueryScorer value) {
        this.scorer = Objects.requireNonNull(value, "scorer");
        return this;
    }

    /**
     * Replaces the answering step (default: {@link SelfImprovingResponder}, configured by
     * {@link #principles}, {@link #seedExamples}, {@link #demonstrations},
     * {@link #demonstrationSearchBudget}, {@link #reasoning}, {@link #groundingFloor},
     * {@link #belowFloor} and {@link #responseTemperature}).
     */
    public AugConBuilder responseRefiner(ResponseRefiner value) {
        this.responseRefiner = Objects.requireNonNull(value, "responseRefiner");
        return this;
    }

    /** Treats every document as {@code value}; {@code null} (the default) detects per document. */
    public AugConBuilder language(Language value) {
        this.language = value;
        return this;
    }

    /** Longest root context in characters, cut at sentence ends (default 500). */
    public AugConBuilder maxChunkChars(int value) {
        this.maxChunkChars = atLeast("maxChunkChars", value, 1);
        return this;
    }

    /** Paragraphs of this many characters or fewer are dropped (default 100, as the reference). */
    public AugConBuilder minParagraphChars(int value) {
        this.minParagraphChars = atLeast("minParagraphChars", value, 0);
        return this;
    }

    /** Lambda, the minimum granularity: shorter contexts are not expanded (default 20). */
    public AugConBuilder minContextChars(int value) {
        this.minContextChars = atLeast("minContextChars", value, 1);
        return this;
    }

    /** Shorter generated questions are discarded (default 5). */
    public AugConBuilder minQuestionChars(int value) {
        this.minQuestionChars = atLeast("minQuestionChars", value, 0);
        return this;
    }

    /**
     * The hallucination check: a sub-context whose ROUGE-L precision against its parent is below
     * this is not expanded (default 0.7, the paper); 0 turns it off (the reference).
     */
    public AugConBuilder minChildPrecision(double value) {
        this.minChildPrecision = inRange("minChildPrecision", value, 0, 1);
        return this;
    }

    /** Pairs owed per root (default one per 35 characters, the method's value for Chinese). */
    public AugConBuilder quota(Quota value) {
        this.quota = Objects.requireNonNull(value, "quota");
        return this;
    }

    /** Candidates gathered per pair owed before filtering (default 1.15, the reference). */
    public AugConBuilder oversample(double value) {
        this.oversample = inRange("oversample", value, 1, 100);
        return this;
    }

    /** Trees grown on one root at most, to fill its quota (default 4). */
    public AugConBuilder maxTreeRuns(int value) {
        this.maxTreeRuns = atLeast("maxTreeRuns", value, 1);
        return this;
    }

    /** Queries at least this similar (ROUGE-L) to a kept one are dropped (default 0.7). */
    public AugConBuilder rougeThreshold(double value) {
        if (!(value > 0 && value <= 1)) {
            throw new IllegalArgumentException("rougeThreshold must be in (0, 1], was " + value);
        }
        this.rougeThreshold = value;
        return this;
    }

    /** The ROUGE-L measure of the filter: precision (default, the paper) or F-measure (the reference). */
    public AugConBuilder rougeMeasure(RougeMeasure value) {
        this.rougeMeasure = Objects.requireNonNull(value, "rougeMeasure");
        return this;
    }

    /** LLM requests in flight at once over the whole run (default 16). */
    public AugConBuilder concurrency(int value) {
        this.concurrency = atLeast("concurrency", value, 1);
        return this;
    }

    /**
     * Roots started and not yet written, at most (default {@code max(64, 8 * concurrency)}).
     * Bounds memory; output is written in corpus order, so one slow root holds back the roots
     * after it until this many are waiting.
     */
    public AugConBuilder maxRootsInProgress(int value) {
        this.maxRootsInProgress = atLeast("maxRootsInProgress", value, 1);
        return this;
    }

    /** Threads for parsing, ROUGE-L, scoring and other CPU work (default: the processor count, at least 2). */
    public AugConBuilder cpuThreads(int value) {
        this.cpuThreads = atLeast("cpuThreads", value, 1);
        return this;
    }

    /** The run seed (default 0): every request's seed is derived from it and the request's place in the run. */
    public AugConBuilder seed(long value) {
        this.seed = value;
        return this;
    }

    /** Temperature of the default tree step (default 0.85, the reference). */
    public AugConBuilder cstTemperature(double value) {
        this.cstTemperature = inRange("cstTemperature", value, 0, 2);
        return this;
    }

    /** Calls per node before an unusable answer fails the node (default 4, the reference). */
    public AugConBuilder cstMaxAttempts(int value) {
        this.cstMaxAttempts = atLeast("cstMaxAttempts", value, 1);
        return this;
    }

    /** Temperature of the default answering step (default 0.2, the reference). */
    public AugConBuilder responseTemperature(double value) {
        this.responseTemperature = inRange("responseTemperature", value, 0, 2);
        return this;
    }

    /**
     * Replaces the default answering principles for {@code lang} (accurate, from the context
     * only, in a knowledgeable person's voice, nothing unethical, "not in the context" when it
     * is not). Add tone or a persona here; keep a faithfulness principle unless you mean to drop it.
     */
    public AugConBuilder principles(Language lang, List<String> value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("principles for " + lang.code() + " must not be empty");
        }
        principles.put(Objects.requireNonNull(lang, "lang"), List.copyOf(value));
        return this;
    }

    /**
     * The human-written examples E_R the answering step searches for demonstrations (default:
     * six bundled ones per language; a language with none here keeps its bundled ones). Ids must
     * be distinct.
     */
    public AugConBuilder seedExamples(List<SeedExample> value) {
        this.seedExamples = SeedExample.requireDistinctIds(value);
        return this;
    }

    /** Most demonstrations per answer, the size of E_R' (default 3, as the reference); 0 for none. */
    public AugConBuilder demonstrations(int value) {
        this.demonstrations = atLeast("demonstrations", value, 0);
        return this;
    }

    /**
     * Candidate demonstration sets the search judges per language (default 8). Each costs
     * {@code |E_R|} answers and as many judgements, once per run; 1 skips the search and takes
     * the first seed examples.
     */
    public AugConBuilder demonstrationSearchBudget(int value) {
        this.demonstrationSearchBudget = atLeast("demonstrationSearchBudget", value, 1);
        return this;
    }

    /** Let the model reason step by step before a marked final answer; only the answer is kept (default off). */
    public AugConBuilder reasoning(boolean value) {
        this.reasoning = value;
        return this;
    }

    /**
     * Least share of an answer's content words found in its context (default 0.5); an answer
     * below it is regenerated once, then handled by {@link #belowFloor}. 0 turns the check off.
     */
    public AugConBuilder groundingFloor(double value) {
        this.groundingFloor = inRange("groundingFloor", value, 0, 1);
        return this;
    }

    /** Keep a still-ungrounded answer flagged in provenance (default) or drop it. */
    public AugConBuilder belowFloor(BelowFloor value) {
        this.belowFloor = Objects.requireNonNull(value, "belowFloor");
        return this;
    }

    /**
     * Wraps the LLM in a decorator (a cache, a rate limiter, a logger). Decorators are applied
     * in the order added, around the metered backend and inside the run-wide concurrency limit:
     * they see every call the stages make (each retry of a call again), and only the calls that
     * reach the innermost backend are counted as LLM calls (a cache hit is not).
     */
    public AugConBuilder decorate(UnaryOperator<LlmBackend> decorator) {
        decorators.add(Objects.requireNonNull(decorator, "decorator"));
        return this;
    }

    /**
     * How LLM calls survive a flaky server (default {@link Resilience#defaults()}: retries with
     * backoff and {@code Retry-After}, adaptive concurrency under {@link #concurrency} with a
     * circuit breaker, one retry with more tokens for a truncated answer); {@link Resilience#off()}
     * turns it all off. Retries, limit changes and pauses are counted in the run's summary.
     */
    public AugConBuilder resilience(Resilience value) {
        this.resilience = Objects.requireNonNull(value, "resilience");
        return this;
    }

    /**
     * The most LLM calls the run makes (default unlimited). Only calls that reach the backend
     * count: answers replayed by a cache {@link #decorate decorator} are free. When the budget is
     * spent the run stops with a {@link BudgetExhaustedException}; rerunning with the same answer
     * cache and a larger budget resumes.
     */
    public AugConBuilder maxCalls(long value) {
        this.maxCalls = atLeast("maxCalls", value, 0);
        return this;
    }

    /**
     * The most tokens (input plus output, as the answers report them) the run's LLM calls use
     * (default unlimited); past it no further call is made and the run stops as with {@link
     * #maxCalls}. Calls already in flight may overshoot it by their own usage.
     */
    public AugConBuilder maxTokensTotal(long value) {
        this.maxTokensTotal = atLeast("maxTokensTotal", value, 0);
        return this;
    }

    /**
     * What {@link AugCon#run(java.nio.file.Path, io.augcon.core.output.RecordSink)} does with a
     * bad document: skip it and report it to the listeners (default), or stop the run with a
     * {@link io.augcon.core.corpus.BadInputException} ({@code true}).
     */
    public AugConBuilder strictInput(boolean value) {
        this.strictInput = value;
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

    /** Negative queries made of each of the three kinds when the scorer is trained in the run (500 as the paper). */
    public AugConBuilder scorerPairsPerKind(int value) {
        this.scorerPairsPerKind = atLeast("scorerPairsPerKind", value, 1);
        return this;
    }

    /**
     * How the default tree step splits a node (default {@link SplitMode#REWRITE}, the paper's):
     * {@link SplitMode#NUMBERED} asks for the number of the sentence where the context splits
     * instead of a rewrite of both halves ({@link CstFormat#numbered}), so sub-contexts are exact
     * spans of their parent and each call writes a few tokens. Still one call per node. Cannot be
     * combined with {@link #queryGenerator}; has no effect with {@link #contextSplitter} (the model
     * is asked for the question only); {@link #nodeExpander} wins over it.
     */
    public AugConBuilder splitMode(SplitMode value) {
        this.splitMode = Objects.requireNonNull(value, "splitMode");
        return this;
    }

    /**
     * Also drops near-duplicate questions across root contexts (default off, as the paper, which
     * deduplicates within a root only). Finished records pass, in corpus order, through a MinHash
     * index of the queries written so far ({@link io.augcon.core.filter.CrossRootDedup}); one whose
     * query's word-shingle Jaccard similarity with an earlier root's query reaches
     * {@link #globalDedupThreshold(double)} is not written and is counted in the summary. Its answer
     * was already asked for: the check runs where records are in corpus order, so which of two
     * duplicates survives never depends on timing.
     */
    public AugConBuilder globalDedup(boolean value) {
        this.globalDedup = value;
        return this;
    }

    /** Jaccard similarity of word shingles at which the cross-root deduplication drops a query, in (0, 1] (default 0.7). */
    public AugConBuilder globalDedupThreshold(double value) {
        if (!(value > 0 && value <= 1)) {
            throw new IllegalArgumentException("globalDedupThreshold must be in (0, 1], was " + value);
        }
        this.globalDedupThreshold = value;
        return this;
    }

    /** Adds a listener that hears every event of every run. */
    public AugConBuilder listener(PipelineListener value) {
        listeners.add(Objects.requireNonNull(value, "listener"));
        return this;
    }

    /**
     * Builds the pipeline.
     *
     * @throws IllegalArgumentException when no {@link #llm} is set and a default LLM stage is needed
     */
    public AugCon build() {
        ListenerRelay relay = new ListenerRelay();
        LlmBackend limited = llm == null ? null : resilience.around(decorated(relay), concurrency, relay).backend();
        NodeExpander expander = expander(limited);
        ResponseRefiner refiner = responseRefiner != null ? responseRefiner : defaultRefiner(limited, relay);
        Settings settings = new Settings(language, maxChunkChars, minParagraphChars,
                new TreeRules(minContextChars, minQuestionChars, minChildPrecision), quota, oversample, maxTreeRuns,
                rougeThreshold, rougeMeasure, concurrency,
                maxRootsInProgress > 0 ? maxRootsInProgress : Math.max(64, 8 * concurrency), cpuThreads, seed, scorer,
                listeners, strictInput, scorerTrainer, scorerPairsPerKind, globalDedup ? globalDedupThreshold : 0);
        if (scorerTrainer != null && limited == null) {
            throw new IllegalArgumentException("trainScorer: the negatives are asked of an LLM, so llm must be set");
        }
        Function<Language, CstPrompt> cstPrompts = RewritePrompts.of(expander)::rewritePrompt;
        return new AugCon(settings, expander, refiner, limited, relay, cstPrompts);
    }

    private LlmBackend decorated(ListenerRelay relay) {
        LlmBackend backend = new MeteredBackend(resilience.timed(llm), relay);
        if (maxCalls != BudgetBackend.UNLIMITED || maxTokensTotal != BudgetBackend.UNLIMITED) {
            backend = new BudgetBackend(backend, maxCalls, maxTokensTotal);
        }
        for (UnaryOperator<LlmBackend> decorator : decorators) {
            backend = Objects.requireNonNull(decorator.apply(backend), "a decorator returned null");
        }
        return backend;
    }

    private ResponseRefiner defaultRefiner(LlmBackend limited, ListenerRelay relay) {
        SelfImprovingResponder.Builder refiner = SelfImprovingResponder.builder()
                .backend(required(limited, "responseRefiner"))
                .seedExamples(seedExamples)
                .demonstrations(demonstrations)
                .searchBudget(demonstrationSearchBudget)
                .reasoning(reasoning)
                .groundingFloor(groundingFloor)
                .belowFloor(belowFloor)
                .temperature(responseTemperature)
                .seed(seed)
                .onSearch(relay::demonstrationsChosen);
        principles.forEach(refiner::principles);
        return refiner.build();
    }

    private NodeExpander expander(LlmBackend limited) {
        if (nodeExpander != null) {
            return nodeExpander;
        }
        if (queryGenerator != null && contextSplitter != null) {
            return NodeExpander.of(queryGenerator, contextSplitter);
        }
        CstStep.Builder step = CstStep.builder()
                .backend(required(limited, "nodeExpander"))
                .temperature(cstTemperature)
                .maxAttempts(cstMaxAttempts);
        if (contextSplitter != null) {
            // The split is the user's, so the model is asked for the question only.
            return NodeExpander.of(step.format(CstFormat.questionOnly()).build(), contextSplitter);
        }
        if (queryGenerator != null && splitMode == SplitMode.NUMBERED) {
            throw new IllegalArgumentException("splitMode NUMBERED is the joint tree step; it cannot be combined"
                    + " with queryGenerator");
        }
        CstStep joint = step.splitMode(splitMode).build();
        return queryGenerator == null ? joint : NodeExpander.of(queryGenerator, joint);
    }

    private static LlmBackend required(LlmBackend limited, String stage) {
        if (limited == null) {
            throw new IllegalArgumentException("llm: an LlmBackend is required unless " + stage + " is replaced");
        }
        return limited;
    }
}
