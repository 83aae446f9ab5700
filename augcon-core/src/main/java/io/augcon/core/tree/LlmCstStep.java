package io.augcon.core.tree;

import io.augcon.api.ContextNode;
import io.augcon.api.ContextSplitter;
import io.augcon.api.Expansion;
import io.augcon.api.Language;
import io.augcon.api.LlmBackend;
import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.NodeExpander;
import io.augcon.api.QueryGenerator;
import io.augcon.api.Split;
import io.augcon.core.Knob;
import io.augcon.core.llm.Reask;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The paper's joint CST step: one LLM call per node returns both a question about the node's
 * context and its split into two sub-contexts. Unusable answers (unparseable layout, output cut
 * by the token limit) are asked again with a fresh derived seed, at most {@code maxAttempts}
 * times in all (4 in the reference); then the node fails with an {@link LlmException} of kind
 * {@link LlmException.Kind#MALFORMED_OUTPUT} or {@link LlmException.Kind#TRUNCATED}.
 *
 * <pre>{@code
 * LlmCstStep step = LlmCstStep.builder().backend(backend).build();
 * Expansion e = step.expand(root.node(0), 42L).toCompletableFuture().join();
 * }</pre>
 *
 * <p>It is also a {@link QueryGenerator} and a {@link ContextSplitter}, but used through those
 * views separately it costs a call each; the pipeline calls {@link #expand} once per node.
 */
public final class LlmCstStep implements NodeExpander, QueryGenerator, ContextSplitter {
    /** The reference's sampling temperature for this step. */
    public static final double DEFAULT_TEMPERATURE = 0.85;
    /** The reference's bound on calls per node. */
    public static final int DEFAULT_MAX_ATTEMPTS = 4;

    private final LlmBackend backend;
    private final Map<Language, CstPrompt> prompts;
    private final double temperature;
    private final int maxAttempts;
    private final int baseMaxTokens;
    private final double maxTokensPerChar;
    private final String stage;

    private LlmCstStep(Builder b) {
        this.backend = Objects.requireNonNull(b.backend, "backend is required");
        this.prompts = new EnumMap<>(b.prompts);
        for (Language language : Language.values()) {
            prompts.computeIfAbsent(language, CstPrompt::defaults);
        }
        this.temperature = b.temperature;
        this.maxAttempts = b.maxAttempts;
        this.baseMaxTokens = b.baseMaxTokens;
        this.maxTokensPerChar = b.maxTokensPerChar;
        this.stage = b.stage;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public CompletionStage<Expansion> expand(ContextNode node, long seed) {
        return Reask.ask(backend, attempt -> request(node, seed, attempt), LlmCstStep::usable, maxAttempts, "node " + node.id());
    }

    @Override
    public CompletionStage<Optional<String>> generate(ContextNode node, long seed) {
        return expand(node, seed).thenApply(Expansion::query);
    }

    @Override
    public CompletionStage<Optional<Split>> split(ContextNode node, long seed) {
        return expand(node, seed).thenApply(Expansion::split);
    }

    /** {@code llm-cst/<prompt id>} of the English prompt; the Chinese one differs only by language. */
    @Override
    public String id() {
        return "llm-cst/" + prompts.get(Language.EN).id() + "," + prompts.get(Language.ZH).id();
    }

    /** The prompt used for {@code language}. */
    public CstPrompt prompt(Language language) {
        return prompts.get(language);
    }

    /** The request for one attempt at {@code node}: the seed of attempt 0 is the node's seed. */
    public LlmRequest request(ContextNode node, long seed, int attempt) {
        CstPrompt prompt = prompts.get(node.language());
        int maxTokens = (int) Math.min(Integer.MAX_VALUE, baseMaxTokens + Math.round(node.text().length() * maxTokensPerChar));
        return LlmRequest.builder()
                .prompt(prompt.render(node.text()))
                .temperature(temperature)
                .maxTokens(maxTokens)
                .stop(prompt.stopSequences())
                .seed(Reask.attemptSeed(seed, attempt))
                .stage(stage)
                .priority(node.root().sequence())
                .build();
    }

    /** The expansion in {@code response}, or an exception saying why the answer cannot be used. */
    private static Expansion usable(LlmResponse response, int failedAttempts) {
        ParsedCst parsed = parsedAnswer(response, CstOutputParser::parse);
        return new Expansion(
                Optional.of(parsed.question()),
                Optional.of(new Split(parsed.context1(), parsed.context2())),
                failedAttempts);
    }

    /**
     * A tree step's answer read by {@code parser}: a truncated answer fails as
     * {@link LlmException.Kind#TRUNCATED}, an unparseable one as
     * {@link LlmException.Kind#MALFORMED_OUTPUT}, the kinds {@link io.augcon.core.llm.Reask} asks again.
     */
    static <T> T parsedAnswer(LlmResponse response, Function<String, T> parser) {
        if (response.truncated()) {
            throw new LlmException(LlmException.Kind.TRUNCATED, "output cut by the token limit");
        }
        try {
            return parser.apply(response.text());
        } catch (CstParseException e) {
            throw new LlmException(LlmException.Kind.MALFORMED_OUTPUT, e.getMessage(), e);
        }
    }

    /** Configures an {@link LlmCstStep}. */
    public static final class Builder {
        private LlmBackend backend;
        private final Map<Language, CstPrompt> prompts = new EnumMap<>(Language.class);
        private double temperature = DEFAULT_TEMPERATURE;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private int baseMaxTokens = 128;
        private double maxTokensPerChar = 1.5;
        private String stage = "cst";

        private Builder() {}

        /** The stage name requests are counted under, default {@code cst}. */
        public Builder stage(String value) {
            this.stage = Knob.notBlank("stage", value);
            return this;
        }

        /** The LLM to ask. Required. */
        public Builder backend(LlmBackend value) {
            this.backend = value;
            return this;
        }

        /** Replaces the prompt for one language (default: {@link CstPrompt#defaults}). */
        public Builder prompt(CstPrompt value) {
            prompts.put(value.language(), value);
            return this;
        }

        /** Sampling temperature, default 0.85 as the reference. */
        public Builder temperature(double value) {
            this.temperature = Knob.temperature(value);
            return this;
        }

        /** Calls per node before giving up on unusable answers, default 4 as the reference. */
        public Builder maxAttempts(int value) {
            this.maxAttempts = Knob.atLeast("maxAttempts", value, 1);
            return this;
        }

        /**
         * Token limit of an answer: {@code base + perChar * len(context)}. The answer rewrites the
         * context in two parts, so it is about as long as the context; the default (128 + 1.5 per
         * character) leaves room for Chinese at about one token per character.
         */
        public Builder maxTokens(int base, double perChar) {
            if (base < 1 || !(perChar >= 0)) {
                throw new IllegalArgumentException("maxTokens needs base >= 1 and perChar >= 0");
            }
            this.baseMaxTokens = base;
            this.maxTokensPerChar = perChar;
            return this;
        }

        public LlmCstStep build() {
            return new LlmCstStep(this);
        }
    }
}
