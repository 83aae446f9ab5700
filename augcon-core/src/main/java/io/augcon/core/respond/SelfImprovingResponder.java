package io.augcon.core.respond;

import io.augcon.api.CandidateQuery;
import io.augcon.api.Language;
import io.augcon.api.LlmBackend;
import io.augcon.api.Response;
import io.augcon.api.ResponseRefiner;
import io.augcon.api.Seeds;
import io.augcon.core.event.SearchReport;
import io.augcon.api.internal.Knob;
import io.augcon.core.llm.StructuredOutput;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The paper's third step: answers each kept question faithfully to its context, under
 * principles, with demonstrations the model chose for itself.
 *
 * <ol>
 *   <li>Principle-driven self-alignment: the answering prompt carries the principles
 *       ({@link ResponsePrompt}; the defaults ask for accurate answers from the context only,
 *       in a knowledgeable person's voice, nothing unethical, and a plain "not in the context").
 *       Tone and persona are the user's to add.</li>
 *   <li>Self-improvement: the first time a language comes up, a {@linkplain SearchReport search}
 *       over the seed examples E_R picks the demonstrations E_R' (at most
 *       {@link Builder#demonstrations}) that make the model answer the seed questions best, as
 *       its own yes/no judge sees it against the human answers. Every other answer in that
 *       language waits for the search and then uses its choice for the rest of the run. The
 *       automatic budget (the default) judges fewer candidate sets for a small job, as
 *       {@link SearchScaling} states, once the {@linkplain Builder#corpusOutlook job's size} is
 *       known.</li>
 *   <li>Optional reasoning: the model thinks step by step and marks its final answer; only
 *       the final answer is kept.</li>
 *   <li>Grounding: the share of an answer's content words found in its context
 *       ({@link GroundingCheck}). Below {@link Builder#groundingFloor} the answer is asked once
 *       more with another seed; if still below, it is kept flagged or dropped
 *       ({@link BelowFloor}).</li>
 * </ol>
 *
 * <p>Cost per language with at least two candidate sets: {@code candidates * |E_R|} answers and
 * as many judgements once, then one answer per kept question plus one regeneration for each
 * answer below the floor (and re-asks of unusable replies). All calls go through the given
 * backend, so they share a pipeline's concurrency limit, accounting and cache; stages are
 * {@code response-search}, {@code response-judge}, {@code response} and
 * {@code response-regenerate}.
 *
 * <pre>{@code
 * SelfImprovingResponder answers = SelfImprovingResponder.builder()
 *     .backend(backend)
 *     .principles(Language.EN, List.of("Answer accurately from the context only.", "Speak as a ship's captain."))
 *     .demonstrations(3)
 *     .groundingFloor(0.5)
 *     .seed(7)
 *     .build();
 * }</pre>
 */
public final class SelfImprovingResponder implements ResponseRefiner {
    /** The provenance flag of an answer kept below the grounding floor. */
    public static final String BELOW_FLOOR_FLAG = "below_grounding_floor";

    private final Answerer answerer;
    private final DemonstrationSearch search;
    private final int searchBudget;
    private final Supplier<? extends CompletionStage<CorpusOutlook>> outlook;
    private final Map<Language, List<SeedExample>> seeds = new EnumMap<>(Language.class);
    private final long runSeed;
    private final GroundingGate grounding;
    private final Consumer<SearchReport> onSearch;
    private final ConcurrentMap<Language, CompletableFuture<SearchReport>> searches = new ConcurrentHashMap<>();

    private SelfImprovingResponder(Builder b) {
        ResponseConfig settings = b.settings;
        this.answerer = new Answerer(b.backend, Answerer.prompts(b.prompts, settings.principles(), settings.reasoning()),
                settings.temperature(), b.maxTokens, b.maxAttempts);
        this.search = new DemonstrationSearch(answerer, settings.demonstrations(), b.judgeAttempts, b.structured);
        this.searchBudget = settings.searchBudget();
        this.outlook = b.outlook;
        for (Language language : Language.values()) {
            seeds.put(language, SeedExample.forLanguage(settings.seedExamples(), language));
        }
        this.runSeed = b.seed;
        this.grounding = new GroundingGate(settings.groundingFloor(), settings.belowFloor());
        this.onSearch = b.onSearch;
        for (SearchReport report : b.searched.values()) {
            Set<String> known = new HashSet<>();
            seeds.get(report.language()).forEach(example -> known.add(example.id()));
            if (!known.containsAll(report.chosenIds())) {
                throw new IllegalArgumentException("searched: the " + report.language().code() + " report chose "
                        + report.chosenIds() + ", which are not all among this responder's seed examples " + known);
            }
            searches.put(report.language(), CompletableFuture.completedFuture(report));
        }
    }

    /** A builder with {@link ResponseConfig#DEFAULTS} and the bundled prompts and seed examples; give it a backend. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * How the grounding check went so far.
     *
     * @param checked     answers checked
     * @param regenerated answers below the floor that were asked again
     * @param recovered   of those, answers whose regeneration reached the floor
     * @param flagged     answers kept below the floor, flagged
     * @param dropped     answers dropped below the floor
     */
    public record GroundingCounts(long checked, long regenerated, long recovered, long flagged, long dropped) {}

    @Override
    public CompletionStage<Response> respond(CandidateQuery query, long seed) {
        Language language = query.node().language();
        return search(language).thenCompose(report -> answer(query, seed, report));
    }

    /**
     * The demonstration search for {@code language}: started by the first call (here or through
     * {@link #respond}), shared by all later ones. With the automatic budget it first waits for
     * the {@linkplain Builder#corpusOutlook job's outlook}. A language whose search was
     * {@linkplain Builder#searched given} is not searched: its report is returned.
     */
    public CompletableFuture<SearchReport> search(Language language) {
        CompletableFuture<SearchReport> fresh = new CompletableFuture<>();
        CompletableFuture<SearchReport> running = searches.putIfAbsent(language, fresh);
        if (running != null) {
            return running;
        }
        List<SeedExample> examples = seeds.get(language);
        long searchSeed = Seeds.derive(runSeed, "response-search", language.code());
        CompletableFuture<SearchReport> outcome;
        try {
            outcome = outlook().thenCompose(known -> search.run(language, examples, searchSeed,
                    SearchScaling.budget(searchBudget, known, language, examples.size())));
        } catch (RuntimeException e) {
            outcome = CompletableFuture.failedFuture(e);
        }
        outcome.whenComplete((report, error) -> {
            if (error != null) {
                fresh.completeExceptionally(error);
                return;
            }
            try {
                onSearch.accept(report);
                fresh.complete(report);
            } catch (RuntimeException e) {
                fresh.completeExceptionally(e);
            }
        });
        return fresh;
    }

    /** What the budget is sized for: asked only while it is automatic, so a given budget never waits. */
    private CompletableFuture<CorpusOutlook> outlook() {
        if (searchBudget != ResponseConfig.AUTOMATIC_SEARCH_BUDGET) {
            return CompletableFuture.completedFuture(CorpusOutlook.UNKNOWN);
        }
        CompletionStage<CorpusOutlook> known = outlook.get();
        if (known == null) {
            throw new IllegalStateException("corpusOutlook returned null instead of a stage");
        }
        return known.toCompletableFuture();
    }

    /** The finished search of {@code language}, if it has run and succeeded. */
    public Optional<SearchReport> searchReport(Language language) {
        CompletableFuture<SearchReport> done = searches.get(language);
        return done == null || !done.isDone() || done.isCompletedExceptionally() ? Optional.empty() : Optional.of(done.join());
    }

    /** The grounding check's counts so far. */
    public GroundingCounts groundingCounts() {
        return grounding.counts();
    }

    /** The seed examples E_R searched for {@code language}. */
    public List<SeedExample> seedExamples(Language language) {
        return seeds.get(language);
    }

    /** The answering prompt of {@code language}, principles and format applied. */
    public ResponsePrompt prompt(Language language) {
        return answerer.prompt(language);
    }

    @Override
    public String id() {
        return "self-improving/" + answerer.prompt(Language.EN).id() + "," + answerer.prompt(Language.ZH).id();
    }

    private CompletionStage<Response> answer(CandidateQuery query, long seed, SearchReport report) {
        Language language = query.node().language();
        List<SeedExample> demos = chosen(language, report);
        String context = query.node().text();
        String what = "answer to '" + query.query() + "' (" + query.node().id() + ")";
        long priority = query.node().root().sequence();
        return answerer.answer(language, context, query.query(), demos, seed, "response", priority, what)
                .thenCompose(first -> grounding.check(first, context, language,
                        () -> answerer.answer(language, context, query.query(), demos, Seeds.derive(seed, "regenerate"),
                                "response-regenerate", priority, "regeneration of the " + what),
                        what))
                .thenApply(passed -> response(passed, report, language));
    }

    private Response response(GroundingGate.Passed passed, SearchReport report, Language language) {
        ResponsePrompt prompt = answerer.prompt(language);
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("response_prompt", prompt.id());
        provenance.put("principles_id", prompt.principlesId());
        provenance.put("demonstrations", report.chosenIds());
        if (report.searched()) {
            provenance.put("demonstration_accuracy", round(report.choice().accuracy()));
        }
        provenance.put("reasoning", prompt.reasoning());
        provenance.put("grounding", round(passed.grounding()));
        if (passed.regenerated()) {
            provenance.put("regenerated", true);
        }
        if (passed.belowFloor()) {
            provenance.put("flags", List.of(BELOW_FLOOR_FLAG));
        }
        return new Response(passed.text(), answerer.backend().modelName(), provenance);
    }

    private List<SeedExample> chosen(Language language, SearchReport report) {
        Set<String> ids = new HashSet<>(report.chosenIds());
        List<SeedExample> out = new ArrayList<>(ids.size());
        for (SeedExample example : seeds.get(language)) {
            if (ids.contains(example.id())) {
                out.add(example);
            }
        }
        return out;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    /**
     * Configures a {@link SelfImprovingResponder}; every knob has a default but the backend. The
     * method's knobs are a {@link ResponseConfig} ({@link #settings}); the setters here change one
     * of them each.
     */
    public static final class Builder {
        private LlmBackend backend;
        private final Map<Language, ResponsePrompt> prompts = new EnumMap<>(Language.class);
        private ResponseConfig settings = ResponseConfig.DEFAULTS;
        private int judgeAttempts = 2;
        private int maxTokens = 1024;
        private int maxAttempts = 2;
        private long seed;
        private Consumer<SearchReport> onSearch = report -> { };
        private Supplier<? extends CompletionStage<CorpusOutlook>> outlook =
                () -> CompletableFuture.completedFuture(CorpusOutlook.UNKNOWN);
        private StructuredOutput structured = StructuredOutput.off();
        private final Map<Language, SearchReport> searched = new EnumMap<>(Language.class);

        private Builder() {}

        /**
         * Searches already run for this job, one per language at most (the last given wins): a
         * language with a report here is not searched again, and its answers use the report's
         * choice and carry its accuracy, as if the search had run here. This is how a job split
         * over many pipelines (tasks of a Spark job) searches once, on its driver, with the same
         * seed and settings. {@link #onSearch} does not hear these reports. Default none.
         *
         * @throws IllegalArgumentException at {@link #build} when a report chose a demonstration
         *                                  that is not among this responder's seed examples
         */
        public Builder searched(Collection<SearchReport> reports) {
            for (SearchReport report : reports) {
                Objects.requireNonNull(report, "report");
                searched.put(report.language(), report);
            }
            return this;
        }

        /**
         * Whether the demonstration search's judge asks for {@code {"correct": boolean}} under a
         * JSON Schema, shared with the run's other stages so that one refusal turns it off for
         * all; default {@link StructuredOutput#off()}.
         */
        public Builder structuredOutput(StructuredOutput value) {
            this.structured = Objects.requireNonNull(value, "structuredOutput");
            return this;
        }

        /** The LLM to ask. Required. */
        public Builder backend(LlmBackend value) {
            this.backend = Objects.requireNonNull(value, "backend");
            return this;
        }

        /** Replaces the answering prompt of its language (default: {@link ResponsePrompt#defaults}). */
        public Builder prompt(ResponsePrompt value) {
            prompts.put(value.language(), value);
            return this;
        }

        /** All the method's knobs at once (default {@link ResponseConfig#DEFAULTS}). */
        public Builder settings(ResponseConfig value) {
            this.settings = Objects.requireNonNull(value, "settings");
            return this;
        }

        /** Replaces the principles for {@code language} (tone, persona, safety rules). */
        public Builder principles(Language language, List<String> value) {
            settings = settings.withPrinciples(language, value);
            return this;
        }

        /**
         * The human-written examples E_R, 5 to 10 per language is the paper's range; a language
         * with none among them uses the bundled ones. Ids must be distinct: they name the chosen
         * demonstrations in provenance.
         */
        public Builder seedExamples(List<SeedExample> value) {
            settings = settings.withSeedExamples(value);
            return this;
        }

        /** Most demonstrations per answer, the size of E_R' (default 3); 0 answers without any. */
        public Builder demonstrations(int value) {
            settings = settings.withDemonstrations(value);
            return this;
        }

        /**
         * Candidate demonstration sets judged per language, used as given; 1 takes the first seeds
         * without a search. Default {@link ResponseConfig#AUTOMATIC_SEARCH_BUDGET}: 8, fewer for a
         * small job ({@link SearchScaling}).
         */
        public Builder searchBudget(int value) {
            settings = settings.withSearchBudget(value);
            return this;
        }

        /** Reason step by step before a marked final answer, of which only the answer is kept (default off). */
        public Builder reasoning(boolean value) {
            settings = settings.withReasoning(value);
            return this;
        }

        /** Least share of an answer's content words found in its context (default 0.5); 0 accepts every answer. */
        public Builder groundingFloor(double value) {
            settings = settings.withGroundingFloor(value);
            return this;
        }

        /** What to do with an answer still below the floor after its regeneration (default {@link BelowFloor#KEEP_FLAGGED}). */
        public Builder belowFloor(BelowFloor value) {
            settings = settings.withBelowFloor(value);
            return this;
        }

        /** Sampling temperature of answers, default 0.2 as the reference; judgements use 0. */
        public Builder temperature(double value) {
            settings = settings.withTemperature(value);
            return this;
        }

        /** Judging calls per seed answer before an unreadable verdict counts as no (default 2). */
        public Builder judgeAttempts(int value) {
            this.judgeAttempts = Knob.atLeast("judgeAttempts", value, 1);
            return this;
        }

        /** Token limit of an answer, reasoning included (default 1024). */
        public Builder maxTokens(int value) {
            this.maxTokens = Knob.atLeast("maxTokens", value, 1);
            return this;
        }

        /** Calls per answer before giving up on empty, truncated or unmarked replies (default 2). */
        public Builder maxAttempts(int value) {
            this.maxAttempts = Knob.atLeast("maxAttempts", value, 1);
            return this;
        }

        /** The run seed the search's draws and request seeds derive from (default 0). */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * Where the automatic search budget learns the job's size: asked once per language, when
         * its search starts, and only while {@link #searchBudget} is automatic; the search waits
         * for the stage. Default: {@link CorpusOutlook#UNKNOWN} at once, which keeps the budget at
         * {@value SearchScaling#DEFAULT_BUDGET}. An AugCon pipeline gives
         * the pairs owed by the roots it has read.
         */
        public Builder corpusOutlook(Supplier<? extends CompletionStage<CorpusOutlook>> value) {
            this.outlook = Objects.requireNonNull(value, "corpusOutlook");
            return this;
        }

        /** Hears each language's search report once, when the search ends (before any answer uses it). */
        public Builder onSearch(Consumer<SearchReport> value) {
            this.onSearch = Objects.requireNonNull(value, "onSearch");
            return this;
        }

        /**
         * The responder. The demonstration search runs later, on the first question of each language.
         *
         * @throws NullPointerException if no backend was given
         */
        public SelfImprovingResponder build() {
            return new SelfImprovingResponder(this);
        }
    }
}
