package io.augcon.core.respond;

import io.augcon.api.CandidateQuery;
import io.augcon.api.Language;
import io.augcon.api.LlmBackend;
import io.augcon.api.LlmRequest;
import io.augcon.api.Response;
import io.augcon.api.ResponseRefiner;
import io.augcon.api.internal.Knob;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Answers a kept question with one LLM call: the principles in the system message, the first
 * {@code demonstrations} seed examples as demonstrations, then the question's context and the
 * question, at temperature 0.2 as the reference. Empty or truncated answers are asked again
 * with a derived seed, at most {@code maxAttempts} times in all.
 *
 * <p>No search and no grounding check: {@link SelfImprovingResponder}, the pipeline's default,
 * adds both. This one suits a host that has already chosen its demonstrations.
 *
 * <pre>{@code
 * ResponseRefiner answers = PromptedResponder.builder()
 *     .backend(backend)
 *     .principles(Language.EN, List.of("Answer as a museum guide would."))
 *     .build();
 * }</pre>
 */
public final class PromptedResponder implements ResponseRefiner {
    /** The reference's temperature for answers. */
    public static final double DEFAULT_TEMPERATURE = ResponseConfig.DEFAULTS.temperature();

    private final Answerer answerer;
    private final Map<Language, List<SeedExample>> demonstrations;

    private PromptedResponder(Builder b) {
        this.answerer = new Answerer(b.backend, Answerer.prompts(b.prompts, b.principles, false),
                b.temperature, b.maxTokens, b.maxAttempts);
        this.demonstrations = new EnumMap<>(Language.class);
        for (Language language : Language.values()) {
            List<SeedExample> pool = SeedExample.forLanguage(b.examples, language);
            demonstrations.put(language, List.copyOf(pool.subList(0, Math.min(b.demonstrationCount, pool.size()))));
        }
    }

    /** A builder with the reference's temperature and the bundled prompts and seed examples; give it a backend. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public CompletionStage<Response> respond(CandidateQuery query, long seed) {
        Language language = query.node().language();
        return answerer.answer(language, query.node().text(), query.query(), demonstrations.get(language), seed,
                        "response", query.node().root().sequence(),
                        "answer to '" + query.query() + "' (" + query.node().id() + ")")
                .thenApply(text -> {
                    Map<String, Object> provenance = new LinkedHashMap<>();
                    provenance.put("response_prompt", answerer.prompt(language).id());
                    provenance.put("demonstrations", demonstrations.get(language).stream().map(SeedExample::id).toList());
                    return new Response(text, answerer.backend().modelName(), provenance);
                });
    }

    @Override
    public String id() {
        return "prompted/" + answerer.prompt(Language.EN).id() + "," + answerer.prompt(Language.ZH).id();
    }

    /** The demonstrations used for {@code language}. */
    public List<SeedExample> demonstrations(Language language) {
        return demonstrations.get(language);
    }

    /** The request for one attempt at answering {@code query}. */
    public LlmRequest request(CandidateQuery query, long seed, int attempt) {
        Language language = query.node().language();
        return answerer.request(language, query.node().text(), query.query(), demonstrations.get(language), seed,
                attempt, "response", query.node().root().sequence());
    }

    /** Configures a {@link PromptedResponder}. */
    public static final class Builder {
        private LlmBackend backend;
        private final Map<Language, ResponsePrompt> prompts = new EnumMap<>(Language.class);
        private final Map<Language, List<String>> principles = new EnumMap<>(Language.class);
        private List<SeedExample> examples = List.of();
        private int demonstrationCount = 3;
        private double temperature = DEFAULT_TEMPERATURE;
        private int maxTokens = 1024;
        private int maxAttempts = 2;

        private Builder() {}

        /** The LLM to ask. Required. */
        public Builder backend(LlmBackend value) {
            this.backend = value;
            return this;
        }

        /** Replaces the prompt for its language (default: {@link ResponsePrompt#defaults}). */
        public Builder prompt(ResponsePrompt value) {
            prompts.put(value.language(), value);
            return this;
        }

        /** Replaces the principles for {@code language}. */
        public Builder principles(Language language, List<String> value) {
            principles.put(language, List.copyOf(value));
            return this;
        }

        /** Seed examples to demonstrate with (default: the bundled ones per language). */
        public Builder seedExamples(List<SeedExample> value) {
            this.examples = List.copyOf(value);
            return this;
        }

        /** How many seed examples demonstrate, default 3. */
        public Builder demonstrations(int value) {
            this.demonstrationCount = Knob.atLeast("demonstrations", value, 0);
            return this;
        }

        /** Sampling temperature, default 0.2 as the reference. */
        public Builder temperature(double value) {
            this.temperature = Knob.temperature(value);
            return this;
        }

        /** Token limit of an answer, default 1024. */
        public Builder maxTokens(int value) {
            this.maxTokens = Knob.atLeast("maxTokens", value, 1);
            return this;
        }

        /** Calls per question before giving up on empty or truncated answers, default 2. */
        public Builder maxAttempts(int value) {
            this.maxAttempts = Knob.atLeast("maxAttempts", value, 1);
            return this;
        }

        /**
         * The responder.
         *
         * @throws NullPointerException if no backend was given
         */
        public PromptedResponder build() {
            return new PromptedResponder(this);
        }
    }
}
