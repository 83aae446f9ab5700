package io.augcon.core.tree;

import io.augcon.api.ContextNode;
import io.augcon.api.Expansion;
import io.augcon.api.Language;
import io.augcon.api.ResponseSchema;
import io.augcon.api.internal.Knob;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What varies between the ways {@link CstStep} asks a model about a node: how the prompt is
 * rendered, how the answer is read, and where the split comes from. Everything else (re-asks,
 * seeds, sampling, accounting) is the step's and is the same for every format.
 *
 * <ul>
 *   <li>{@link #rewrite} ({@link SplitMode#REWRITE}, the paper's): the model writes a question and
 *       rewrites the context as two sub-contexts;
 *   <li>{@link #numbered} ({@link SplitMode#NUMBERED}): the prompt numbers the sentences and the
 *       model writes a question and the sentence after which the context splits, so the
 *       sub-contexts are exact spans of the parent;
 *   <li>{@link #questionOnly}: the model writes the question only and the answer has no split,
 *       for when a replaced {@link io.augcon.api.ContextSplitter} makes the split.
 * </ul>
 *
 * <pre>{@code
 * CstStep step = CstStep.builder().backend(backend)
 *         .format(CstFormat.numbered(NumberedCstPrompt.defaults(Language.EN).withInstruction("Ask and split.")))
 *         .build();
 * }</pre>
 */
public sealed interface CstFormat permits RewriteFormat, NumberedFormat, QuestionFormat {

    /** The format of {@code mode}, with the bundled prompts. */
    static CstFormat of(SplitMode mode) {
        return switch (Objects.requireNonNull(mode, "mode")) {
            case REWRITE -> rewrite();
            case NUMBERED -> numbered();
        };
    }

    /** The paper's joint layout; {@code replacements} replace the bundled prompt of their language. */
    static CstFormat rewrite(CstPrompt... replacements) {
        return new RewriteFormat(new LanguagePrompts<>(List.of(replacements), CstPrompt::language, CstPrompt::defaults));
    }

    /** The numbered-sentence layout; {@code replacements} replace the bundled prompt of their language. */
    static CstFormat numbered(NumberedCstPrompt... replacements) {
        return new NumberedFormat(new LanguagePrompts<>(List.of(replacements), NumberedCstPrompt::language,
                NumberedCstPrompt::defaults));
    }

    /** The question-only layout; {@code replacements} replace the bundled prompt of their language. */
    static CstFormat questionOnly(QuestionPrompt... replacements) {
        return new QuestionFormat(new LanguagePrompts<>(List.of(replacements), QuestionPrompt::language,
                QuestionPrompt::defaults));
    }

    /** The step's name in provenance: {@code llm-cst}, {@code llm-cst-numbered} or {@code llm-cst-question}. */
    String name();

    /** The id of the prompt used for {@code language}, e.g. {@code cst-en-1a2b3c4d}. */
    String promptId(Language language);

    /**
     * The rewrite prompt for {@code language} that the in-run scorer weakens to make its
     * negatives: this format's own for {@link #rewrite}, the bundled one for the others, whose
     * prompts have no rewrite instruction to weaken.
     */
    default CstPrompt rewritePrompt(Language language) {
        return CstPrompt.defaults(language);
    }

    /**
     * The answer's token limit unless the step sets one: the length of what the model writes.
     * By default 160, enough for a question and a number whatever the context's length (a long
     * question in Chinese is about 60 tokens).
     */
    default MaxTokens defaultMaxTokens() {
        return new MaxTokens(160, 0);
    }

    /** What to ask about {@code node}; empty when there is nothing to ask (no sentence to number). */
    Optional<Ask> ask(ContextNode node);

    /**
     * What to ask about {@code node} when the server can enforce a JSON Schema: the ask carries
     * the {@linkplain Ask#schema() schema}, its prompt shows the JSON and its reader reads it. By
     * default the text ask, for a layout that has no schema.
     */
    default Optional<Ask> askStructured(ContextNode node) {
        return ask(node);
    }

    /**
     * Token limit of an answer about a context of {@code n} characters: {@code base + perChar * n}.
     *
     * @param base    tokens for any answer, at least 1
     * @param perChar tokens per character of the context, at least 0
     */
    record MaxTokens(int base, double perChar) {
        /**
         * Checks the parts.
         *
         * @throws IllegalArgumentException if {@code base} is below 1 or {@code perChar} negative
         */
        public MaxTokens {
            Knob.atLeast("maxTokens base", base, 1);
            Knob.atLeast("maxTokens perChar", perChar, 0);
        }

        int forText(String text) {
            return (int) Math.min(Integer.MAX_VALUE, base + Math.round(text.length() * perChar));
        }
    }

    /**
     * One node's question to the model.
     *
     * @param prompt        the rendered prompt
     * @param stopSequences where the answer ends
     * @param reader        reads an answer into a question and maybe a split
     * @param schema        the JSON Schema the answer must match, {@code null} for a text answer
     */
    record Ask(String prompt, List<String> stopSequences, Reader reader, ResponseSchema schema) {
        /**
         * Copies the stop sequences; {@code schema} may be {@code null}.
         *
         * @throws NullPointerException if {@code prompt}, {@code stopSequences} or {@code reader} is {@code null}
         */
        public Ask {
            Objects.requireNonNull(prompt, "prompt");
            stopSequences = List.copyOf(stopSequences);
            Objects.requireNonNull(reader, "reader");
        }

        /** An ask for a text answer. */
        public Ask(String prompt, List<String> stopSequences, Reader reader) {
            this(prompt, stopSequences, reader, null);
        }
    }

    /** Reads one answer of a format's layout. */
    @FunctionalInterface
    interface Reader {
        /**
         * @throws CstParseException with a short reason when the answer cannot be used
         */
        Expansion read(String answer);
    }
}
