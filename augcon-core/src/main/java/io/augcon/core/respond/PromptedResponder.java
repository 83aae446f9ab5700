package io.augcon.core.respond;

import io.augcon.api.CandidateQuery;
import io.augcon.api.Language;
import io.augcon.api.LlmBackend;
import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.Response;
import io.augcon.api.ResponseRefiner;
import io.augcon.core.llm.Reask;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * Answers a kept question with one LLM call: the principles in the system message, a fixed set
 * of seed examples as demonstrations, then the question's context and the question, at
 * temperature 0.2 as the reference. Empty or truncated answers are asked again with a derived
 * seed, at most {@code maxAttempts} times in all.
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
    public static final double DEFAULT_TEMPERATURE = 0.2;

    /** A label some models put before the answer although the demonstrations have none. */
    private static final Pattern ANSWER_LABEL =
            Pattern.compile("^\\s*(?:\\*\\*)?(?:answer|a|答案|回答|答)\\s*(?:\\*\\*)?\\s*[:：]\\s*(?:\\*\\*)?\\s*", Pattern.CASE_INSENSITIVE);

    private final LlmBackend backend;
    private final Map<Language, ResponsePrompt> prompts;
    private final Map<Language, List<SeedExample>> demonstrations;
    private final double temperature;
    private final int maxTokens;
    private final int maxAttempts;

    private PromptedResponder(Builder b) {
        this.backend = Objects.requireNonNull(b.backend, "backend is required");
        this.prompts = new EnumMap<>(Language.class);
        this.demonstrations = new EnumMap<>(Language.class);
        for (Language language : Language.values()) {
            ResponsePrompt prompt = b.prompts.getOrDefault(language, ResponsePrompt.defaults(language));
            List<String> principles = b.principles.get(language);
            prompts.put(language, principles == null ? prompt : prompt.withPrinciples(principles));
            demonstrations.put(language, pickDemonstrations(b.examples, language, b.demonstrationCount));
        }
        this.temperature = b.temperature;
        this.maxTokens = b.maxTokens;
        this.maxAttempts = b.maxAttempts;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The first {@code count} given examples in {@code language}; the bundled ones when none of
     * the given examples is in that language.
     */
    private static List<SeedExample> pickDemonstrations(List<SeedExample> given, Language language, int count) {
        List<SeedExample> inLanguage = new ArrayList<>();
        for (SeedExample example : given) {
            if (example.language() == language) {
                inLanguage.add(example);
            }
        }
        List<SeedExample> pool = inLanguage.isEmpty() ? SeedExample.defaults(language) : inLanguage;
        return List.copyOf(pool.subList(0, Math.min(count, pool.size())));
    }

    @Override
    public CompletionStage<Response> respond(CandidateQuery query, long seed) {
        return Reask.ask(backend, attempt -> request(query, seed, attempt),
                (answer, failed) -> usable(answer, query.node().language()),
                maxAttempts, "answer to '" + query.query() + "' (" + query.node().id() + ")");
    }

    @Override
    public String id() {
        return "prompted/" + prompts.get(Language.EN).id() + "," + prompts.get(Language.ZH).id();
    }

    /** The demonstrations used for {@code language}. */
    public List<SeedExample> demonstrations(Language language) {
        return demonstrations.get(language);
    }

    /** The request for one attempt at answering {@code query}. */
    public LlmRequest request(CandidateQuery query, long seed, int attempt) {
        Language language = query.node().language();
        return LlmRequest.builder()
                .messages(prompts.get(language).render(query.node().text(), query.query(), demonstrations.get(language)))
                .temperature(temperature)
                .maxTokens(maxTokens)
                .seed(Reask.attemptSeed(seed, attempt))
                .stage("response")
                .priority(query.node().root().sequence())
                .build();
    }

    private Response usable(LlmResponse answer, Language language) {
        if (answer.truncated()) {
            throw new LlmException(LlmException.Kind.TRUNCATED, "answer cut by the token limit");
        }
        String text = ANSWER_LABEL.matcher(answer.text()).replaceFirst("").strip();
        if (text.isEmpty()) {
            throw new LlmException(LlmException.Kind.MALFORMED_OUTPUT, "empty answer");
        }
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("response_prompt", prompts.get(language).id());
        provenance.put("demonstrations", demonstrations.get(language).stream().map(SeedExample::id).toList());
        return new Response(text, backend.modelName(), provenance);
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
            if (value < 0) {
                throw new IllegalArgumentException("demonstrations must be >= 0, was " + value);
            }
            this.demonstrationCount = value;
            return this;
        }

        /** Sampling temperature, default 0.2 as the reference. */
        public Builder temperature(double value) {
            if (!(value >= 0 && value <= 2)) {
                throw new IllegalArgumentException("temperature must be in [0, 2], was " + value);
            }
            this.temperature = value;
            return this;
        }

        /** Token limit of an answer, default 1024. */
        public Builder maxTokens(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxTokens must be >= 1, was " + value);
            }
            this.maxTokens = value;
            return this;
        }

        /** Calls per question before giving up on empty or truncated answers, default 2. */
        public Builder maxAttempts(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxAttempts must be >= 1, was " + value);
            }
            this.maxAttempts = value;
            return this;
        }

        public PromptedResponder build() {
            return new PromptedResponder(this);
        }
    }
}
