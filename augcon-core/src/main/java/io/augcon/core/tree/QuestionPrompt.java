package io.augcon.core.tree;

import io.augcon.api.Language;
import io.augcon.core.internal.PromptResources;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The question-only prompt of the tree step, used when the split comes from elsewhere (a
 * replaced {@link io.augcon.api.ContextSplitter}): an instruction that asks for one question
 * about the whole context, worked examples of a context and its question, and the target
 * context, ending with the question label. The model writes no split, so it costs no tokens
 * for one and cannot fail for want of one.
 *
 * <pre>{@code
 * QuestionPrompt prompt = QuestionPrompt.defaults(Language.EN);
 * String text = prompt.render("Tides are caused mainly by the Moon's gravity ...");
 * }</pre>
 *
 * <p>The instruction is bundled under {@code io/augcon/core/prompts/cst-question/<lang>/}; the
 * examples are the contexts and questions of the rewrite prompt's examples
 * ({@link CstPrompt#defaultExamples}), whose questions are about the whole context already.
 * Immutable; the {@code with...} methods return new prompts.
 *
 * @param language    the language of the labels and of the contexts it is meant for
 * @param instruction what the model is told to do, stripped
 * @param examples    the worked examples, possibly none
 */
public record QuestionPrompt(Language language, String instruction, List<Example> examples) {
    private static final String STEP = "cst-question";

    /** One worked example: a context and the question about it. */
    public record Example(String context, String question) {
        /**
         * Checks that both parts are given.
         *
         * @throws NullPointerException if {@code context} or {@code question} is {@code null}
         */
        public Example {
            Objects.requireNonNull(context, "context");
            Objects.requireNonNull(question, "question");
        }
    }

    /** Strips the instruction and copies the examples, so that equal prompts have equal ids. */
    public QuestionPrompt {
        Objects.requireNonNull(language, "language");
        instruction = Objects.requireNonNull(instruction, "instruction").strip();
        examples = List.copyOf(examples);
    }

    /** The bundled prompt for {@code language}. */
    public static QuestionPrompt defaults(Language language) {
        List<Example> examples = CstPrompt.defaultExamples(language).stream()
                .map(e -> new Example(e.context(), e.question()))
                .toList();
        return new QuestionPrompt(language, PromptResources.text(STEP, language, "instruction.txt"), examples);
    }

    /** This prompt with another instruction. */
    public QuestionPrompt withInstruction(String newInstruction) {
        return new QuestionPrompt(language, newInstruction, examples);
    }

    /** This prompt with other worked examples (possibly none). */
    public QuestionPrompt withExamples(List<Example> newExamples) {
        return new QuestionPrompt(language, instruction, newExamples);
    }

    /** The full prompt for {@code context}, ending with the question label. */
    public String render(String context) {
        String contextLabel = PromptWriter.contextLabel(language);
        PromptWriter out = new PromptWriter(language, instruction, examples.size());
        for (Example e : examples) {
            out.field(contextLabel, e.context()).field(PromptWriter.questionLabel(language), e.question()).endExample();
        }
        return out.field(contextLabel, context.strip()).askQuestion();
    }

    /**
     * Stop sequences where a model would go on past its question: another example's context, or
     * a sub-context it was not asked for, in both languages.
     */
    public List<String> stopSequences() {
        return List.of("\n" + PromptWriter.CONTEXT_EN, "\n" + PromptWriter.CONTEXT_ZH,
                "\n" + CstPrompt.Labels.EN.context1(), "\n" + CstPrompt.Labels.ZH.context1());
    }

    /** {@code cstq-<lang>-<hash>}: names this exact prompt in provenance. */
    public String id() {
        List<String> parts = new ArrayList<>();
        parts.add(instruction);
        examples.forEach(e -> parts.addAll(List.of(e.context(), e.question())));
        return PromptWriter.id("cstq", language, parts);
    }

    @Override
    public String toString() {
        return id();
    }
}
