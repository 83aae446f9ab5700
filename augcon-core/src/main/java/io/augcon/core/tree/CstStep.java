package io.augcon.core.tree;

import io.augcon.api.AsyncFailure;
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
import io.augcon.api.internal.Knob;
import io.augcon.core.internal.stage.Reask;
import io.augcon.core.llm.StructuredOutput;
import io.augcon.core.tree.CstFormat.Ask;
import io.augcon.core.tree.CstFormat.MaxTokens;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Context-Split-Tree's LLM step: one call per node returns a question about the node's
 * context and, in the joint formats, its split into two sub-contexts. The {@link CstFormat}
 * decides how the prompt is rendered, how the answer is read and where the split comes from
 * ({@link SplitMode#REWRITE}, the paper's, by default); everything else is this class's.
 * An answer with a usable question is never asked again: one whose split is missing, empty or a
 * placeholder keeps its question and ends the branch as a degenerate split (issue 13: on short
 * contexts real models often answer that way, and re-asking cost four more calls per node).
 * Unusable answers (no usable question, output cut by the token limit) are asked again with a
 * fresh derived seed, at most {@code maxAttempts} times in all (4 in the reference); then the
 * node fails with an {@link LlmException} of kind {@link LlmException.Kind#MALFORMED_OUTPUT} or
 * {@link LlmException.Kind#TRUNCATED}.
 *
 * <pre>{@code
 * CstStep step = CstStep.builder().backend(backend).splitMode(SplitMode.NUMBERED).build();
 * Expansion e = step.expand(root.node(0), 42L).toCompletableFuture().join();
 * }</pre>
 *
 * <p>It is also a {@link QueryGenerator} and a {@link ContextSplitter}, but used through those
 * views separately it costs a call each; the pipeline calls {@link #expand} once per node.
 */
public final class CstStep implements NodeExpander, QueryGenerator, ContextSplitter {
    /** The reference's sampling temperature for this step. */
    public static final double DEFAULT_TEMPERATURE = 0.85;
    /** The reference's bound on calls per node. */
    public static final int DEFAULT_MAX_ATTEMPTS = 4;

    private final LlmBackend backend;
    private final CstFormat format;
    private final double temperature;
    private final int maxAttempts;
    private final MaxTokens maxTokens;
    private final String stage;
    private final StructuredOutput structured;

    private CstStep(Builder b) {
        this.backend = Objects.requireNonNull(b.backend, "backend is required");
        this.format = b.format;
        this.temperature = b.temperature;
        this.maxAttempts = b.maxAttempts;
        this.maxTokens = b.maxTokens != null ? b.maxTokens : format.defaultMaxTokens();
        this.stage = b.stage;
        this.structured = b.structured;
    }

    /** A builder with the reference's format, temperature and attempts. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Asks about {@code node}. With {@linkplain Builder#structuredOutput structured output} on and
     * a format that has a schema, the answer is asked for as JSON; a server that refuses the
     * schema turns it off for the run, and the node is asked again in the text layout.
     */
    @Override
    public CompletionStage<Expansion> expand(ContextNode node, long seed) {
        Optional<Ask> structuredAsk = structured.active() ? format.askStructured(node) : Optional.empty();
        if (structuredAsk.isPresent() && structuredAsk.get().schema() != null) {
            return structured.ask(() -> expand(node, structuredAsk.get(), seed), () -> expandText(node, seed));
        }
        return expandText(node, seed);
    }

    private CompletionStage<Expansion> expandText(ContextNode node, long seed) {
        Optional<Ask> ask = format.ask(node);
        return ask.isEmpty() ? CompletableFuture.completedFuture(Expansion.of(null, null)) : expand(node, ask.get(), seed);
    }

    /**
     * Asks until an answer is usable. A truncated answer is asked again (its split is lost), but
     * its question is kept aside when it is whole (ends in a question mark): if every attempt is
     * cut, the node keeps that question as a leaf instead of failing, so nothing usable is lost.
     */
    private CompletionStage<Expansion> expand(ContextNode node, Ask ask, long seed) {
        AtomicReference<String> keptQuestion = new AtomicReference<>();
        return Reask.ask(backend, attempt -> request(node, ask, seed, attempt),
                        (response, failed) -> usable(ask, response, failed, keptQuestion), maxAttempts, "node " + node.id())
                .exceptionallyCompose(error -> {
                    String question = keptQuestion.get();
                    if (question == null || LlmException.kindOf(error) != LlmException.Kind.TRUNCATED) {
                        return CompletableFuture.failedFuture(AsyncFailure.cause(error));
                    }
                    return CompletableFuture.completedFuture(new Expansion(Optional.of(question), Optional.empty(),
                            maxAttempts - 1));
                });
    }

    @Override
    public CompletionStage<Optional<String>> generate(ContextNode node, long seed) {
        return expand(node, seed).thenApply(Expansion::query);
    }

    @Override
    public CompletionStage<Optional<Split>> split(ContextNode node, long seed) {
        return expand(node, seed).thenApply(Expansion::split);
    }

    /** {@code <format name>/<English prompt id>,<Chinese prompt id>}, e.g. {@code llm-cst/cst-en-…,cst-zh-…}. */
    @Override
    public String id() {
        return format.name() + "/" + format.promptId(Language.EN) + "," + format.promptId(Language.ZH);
    }

    /** How this step asks. */
    public CstFormat format() {
        return format;
    }

    /**
     * The rewrite-layout prompt for {@code language} that the in-run scorer weakens to write its
     * negatives: this step's own in the rewrite format, the bundled one in the others.
     */
    public CstPrompt rewritePrompt(Language language) {
        return format.rewritePrompt(language);
    }

    /**
     * The request for one attempt at {@code node}: the seed of attempt 0 is the node's seed.
     *
     * @throws IllegalArgumentException when the format asks nothing about {@code node}
     */
    public LlmRequest request(ContextNode node, long seed, int attempt) {
        Ask ask = format.ask(node).orElseThrow(() -> new IllegalArgumentException(
                "node " + node.id() + ": the " + format.name() + " format asks nothing about a context with no sentence"));
        return request(node, ask, seed, attempt);
    }

    private LlmRequest request(ContextNode node, Ask ask, long seed, int attempt) {
        return LlmRequest.builder()
                .prompt(ask.prompt())
                .temperature(temperature)
                .maxTokens(maxTokens.forText(node.text()))
                .stop(ask.stopSequences())
                .seed(Reask.attemptSeed(seed, attempt))
                .stage(stage)
                .priority(node.root().sequence())
                .responseSchema(ask.schema())
                .build();
    }

    /**
     * The expansion in {@code response}: a truncated answer fails as
     * {@link LlmException.Kind#TRUNCATED}, an unparseable one as
     * {@link LlmException.Kind#MALFORMED_OUTPUT}, the kinds {@link Reask} asks again.
     */
    private static Expansion usable(Ask ask, LlmResponse response, int failedAttempts, AtomicReference<String> keptQuestion) {
        if (response.truncated()) {
            wholeQuestion(ask, response.text()).ifPresent(q -> keptQuestion.compareAndSet(null, q));
            throw new LlmException(LlmException.Kind.TRUNCATED, "output cut by the token limit");
        }
        try {
            Expansion read = ask.reader().read(response.text());
            return new Expansion(read.query(), read.split(), failedAttempts);
        } catch (CstParseException e) {
            throw new LlmException(LlmException.Kind.MALFORMED_OUTPUT, e.getMessage(), e);
        }
    }

    /** The question of a cut answer when the cut left it whole, i.e. it ends in a question mark. */
    private static Optional<String> wholeQuestion(Ask ask, String text) {
        try {
            return ask.reader().read(text).query().map(String::strip)
                    .filter(q -> q.endsWith("?") || q.endsWith("？"));
        } catch (CstParseException e) {
            return Optional.empty();
        }
    }

    /** Configures a {@link CstStep}. */
    public static final class Builder {
        private LlmBackend backend;
        private CstFormat format = CstFormat.rewrite();
        private double temperature = DEFAULT_TEMPERATURE;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private MaxTokens maxTokens;
        private String stage = "cst";
        private StructuredOutput structured = StructuredOutput.off();

        private Builder() {}

        /** The LLM to ask. Required. */
        public Builder backend(LlmBackend value) {
            this.backend = value;
            return this;
        }

        /** How the step asks (default {@link CstFormat#rewrite}, the paper's). */
        public Builder format(CstFormat value) {
            this.format = Objects.requireNonNull(value, "format");
            return this;
        }

        /** The format of {@code mode} with the bundled prompts: {@code format(CstFormat.of(mode))}. */
        public Builder splitMode(SplitMode mode) {
            return format(CstFormat.of(mode));
        }

        /**
         * Whether to ask for answers under a JSON Schema (contracts §7), shared with the run's
         * other stages so that one refusal turns it off for all; default {@link StructuredOutput#off()}.
         * Formats without a schema (the question-only one) always ask in text.
         */
        public Builder structuredOutput(StructuredOutput value) {
            this.structured = Objects.requireNonNull(value, "structuredOutput");
            return this;
        }

        /** The stage name requests are counted under, default {@code cst}. */
        public Builder stage(String value) {
            this.stage = Knob.notBlank("stage", value);
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
         * Token limit of an answer: {@code base + perChar * len(context)}. The default is the
         * format's: 128 + 1.5 per character for the rewrite, whose answer is about as long as
         * the context; 160 for the numbered and question-only answers, a question and a number.
         */
        public Builder maxTokens(int base, double perChar) {
            this.maxTokens = new MaxTokens(base, perChar);
            return this;
        }

        /** A token limit that does not grow with the context: {@code maxTokens(value, 0)}. */
        public Builder maxTokens(int value) {
            return maxTokens(value, 0);
        }

        /**
         * The step.
         *
         * @throws NullPointerException if no backend was given
         */
        public CstStep build() {
            return new CstStep(this);
        }
    }
}
