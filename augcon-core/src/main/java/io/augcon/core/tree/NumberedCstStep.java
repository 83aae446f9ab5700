package io.augcon.core.tree;

import io.augcon.api.ContextNode;
import io.augcon.api.Expansion;
import io.augcon.api.Language;
import io.augcon.api.LlmBackend;
import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.NodeExpander;
import io.augcon.api.Split;
import io.augcon.core.Knob;
import io.augcon.core.corpus.TextSpan;
import io.augcon.core.llm.Reask;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The token-efficient CST step ({@link SplitMode#NUMBERED}): still one LLM call per node, but the
 * prompt numbers the node's sentences and the model answers with a question and the number of the
 * sentence after which the context splits. The sub-contexts are then exact spans of the parent
 * text, so the model writes a few tokens for the split instead of the whole context again, and the
 * tree's hallucination check passes by construction.
 *
 * <pre>{@code
 * NumberedCstStep step = NumberedCstStep.builder().backend(backend).build();
 * Expansion e = step.expand(root.node(0), 42L).toCompletableFuture().join();
 * }</pre>
 *
 * <p>A node of one sentence is asked for its question only and gets no split, so it is a leaf:
 * unlike the rewrite split, this one never cuts inside a sentence. An answer without a usable
 * number (missing, or outside {@code 1..n-1}) is a parse failure, asked again with a new seed up
 * to {@code maxAttempts} times in all, then the node fails as {@link LlmException.Kind#MALFORMED_OUTPUT}.
 */
public final class NumberedCstStep implements NodeExpander {
    private final LlmBackend backend;
    private final Map<Language, NumberedCstPrompt> prompts;
    private final double temperature;
    private final int maxAttempts;
    private final int maxTokens;
    private final String stage;

    private NumberedCstStep(Builder b) {
        this.backend = Objects.requireNonNull(b.backend, "backend is required");
        this.prompts = new EnumMap<>(b.prompts);
        for (Language language : Language.values()) {
            prompts.computeIfAbsent(language, NumberedCstPrompt::defaults);
        }
        this.temperature = b.temperature;
        this.maxAttempts = b.maxAttempts;
        this.maxTokens = b.maxTokens;
        this.stage = b.stage;
    }

    /** A builder with the reference's temperature and attempts. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public CompletionStage<Expansion> expand(ContextNode node, long seed) {
        List<TextSpan> spans = NumberedCstPrompt.spansOf(node.text(), node.language());
        if (spans.isEmpty()) {
            return CompletableFuture.completedFuture(Expansion.of(null, null));
        }
        return Reask.ask(backend, attempt -> request(node, spans, seed, attempt),
                (response, failed) -> usable(node.text(), spans, response, failed), maxAttempts, "node " + node.id());
    }

    /** {@code llm-cst-numbered/<English prompt id>,<Chinese prompt id>}. */
    @Override
    public String id() {
        return "llm-cst-numbered/" + prompts.get(Language.EN).id() + "," + prompts.get(Language.ZH).id();
    }

    /** The prompt used for {@code language}. */
    public NumberedCstPrompt prompt(Language language) {
        return prompts.get(language);
    }

    /** The request for one attempt at {@code node}: the seed of attempt 0 is the node's seed. */
    public LlmRequest request(ContextNode node, long seed, int attempt) {
        return request(node, NumberedCstPrompt.spansOf(node.text(), node.language()), seed, attempt);
    }

    private LlmRequest request(ContextNode node, List<TextSpan> spans, long seed, int attempt) {
        NumberedCstPrompt prompt = prompts.get(node.language());
        List<String> sentences = spans.stream().map(span -> span.of(node.text())).toList();
        return LlmRequest.builder()
                .prompt(prompt.render(sentences))
                .temperature(temperature)
                .maxTokens(maxTokens)
                .stop(prompt.stopSequences())
                .seed(Reask.attemptSeed(seed, attempt))
                .stage(stage)
                .priority(node.root().sequence())
                .build();
    }

    private static Expansion usable(String text, List<TextSpan> spans, LlmResponse response, int failedAttempts) {
        NumberedCstParser.Parsed parsed = LlmCstStep.parsedAnswer(response, answer -> NumberedCstParser.parse(answer, spans.size()));
        Optional<Split> split = Optional.empty();
        if (parsed.splitAfter() > 0) {
            int k = parsed.splitAfter();
            split = Optional.of(new Split(
                    text.substring(spans.get(0).start(), spans.get(k - 1).end()),
                    text.substring(spans.get(k).start(), spans.get(spans.size() - 1).end())));
        }
        return new Expansion(Optional.of(parsed.question()), split, failedAttempts);
    }

    /** Configures a {@link NumberedCstStep}. */
    public static final class Builder {
        private LlmBackend backend;
        private final Map<Language, NumberedCstPrompt> prompts = new EnumMap<>(Language.class);
        private double temperature = LlmCstStep.DEFAULT_TEMPERATURE;
        private int maxAttempts = LlmCstStep.DEFAULT_MAX_ATTEMPTS;
        private int maxTokens = 160;
        private String stage = "cst";

        private Builder() {}

        /** The LLM to ask. Required. */
        public Builder backend(LlmBackend value) {
            this.backend = value;
            return this;
        }

        /** Replaces the prompt for one language (default: {@link NumberedCstPrompt#defaults}). */
        public Builder prompt(NumberedCstPrompt value) {
            prompts.put(value.language(), value);
            return this;
        }

        /** Sampling temperature, default 0.85 as the reference's CST step. */
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
         * Token limit of an answer, default 160: a question and a number, whatever the context's
         * length (a long question in Chinese is about 60 tokens).
         */
        public Builder maxTokens(int value) {
            this.maxTokens = Knob.atLeast("maxTokens", value, 1);
            return this;
        }

        /** The stage name requests are counted under, default {@code cst}. */
        public Builder stage(String value) {
            this.stage = Knob.notBlank("stage", value);
            return this;
        }

        public NumberedCstStep build() {
            return new NumberedCstStep(this);
        }
    }
}
