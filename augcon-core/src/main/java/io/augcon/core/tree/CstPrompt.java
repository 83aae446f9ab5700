package io.augcon.core.tree;

import io.augcon.api.Language;
import io.augcon.core.internal.PromptResources;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The prompt of the Context-Split-Tree step: an instruction, worked examples that teach the
 * output layout, and the target context, ending with the question label so a completion model
 * continues with the question.
 *
 * <pre>{@code
 * CstPrompt prompt = CstPrompt.defaults(Language.EN);
 * String text = prompt.render("Tides are caused mainly by the Moon's gravity ...");
 * CstPrompt weaker = prompt.withInstruction(CstPrompt.briefInstruction(Language.EN));
 * }</pre>
 *
 * <p>Immutable; the {@code with...} methods return new prompts.
 *
 * @param language    the language of the labels and of the contexts it is meant for
 * @param instruction what the model is told to do, stripped
 * @param examples    the worked examples, possibly none
 */
public record CstPrompt(Language language, String instruction, List<Example> examples) {
    private static final String STEP = "cst";

    /** One worked example: a context, the question about it, and its two sub-contexts. */
    public record Example(String context, String question, String context1, String context2) {
        /**
         * Checks that every part is given.
         *
         * @throws NullPointerException if any component is {@code null}
         */
        public Example {
            Objects.requireNonNull(context, "context");
            Objects.requireNonNull(question, "question");
            Objects.requireNonNull(context1, "context1");
            Objects.requireNonNull(context2, "context2");
        }
    }

    /** The labels of the layout in one language. */
    public record Labels(String context, String question, String context1, String context2) {
        /** English: {@code Context:}, {@code Question:}, {@code Context 1:}, {@code Context 2:}. */
        public static final Labels EN = new Labels(PromptWriter.CONTEXT_EN, PromptWriter.QUESTION_EN, "Context 1:", "Context 2:");
        /** Chinese: {@code 上下文：}, {@code 问题：}, {@code 上下文1：}, {@code 上下文2：}. */
        public static final Labels ZH = new Labels(PromptWriter.CONTEXT_ZH, PromptWriter.QUESTION_ZH, "上下文1：", "上下文2：");

        /** {@link #ZH} for Chinese, {@link #EN} for every other language. */
        public static Labels of(Language language) {
            return language == Language.ZH ? ZH : EN;
        }
    }

    /** Strips the instruction and copies the examples, so that equal prompts have equal ids. */
    public CstPrompt {
        Objects.requireNonNull(language, "language");
        instruction = Objects.requireNonNull(instruction, "instruction").strip();
        examples = List.copyOf(examples);
    }

    /** The bundled prompt for {@code language}: the full instruction and all worked examples. */
    public static CstPrompt defaults(Language language) {
        return new CstPrompt(language, task(language) + "\n" + PromptResources.text(STEP, language, "layout.txt"),
                defaultExamples(language));
    }

    /** The bundled instruction's task, without the lines that say how to lay the answer out. */
    private static String task(Language language) {
        return PromptResources.text(STEP, language, "task.txt");
    }

    /** The bundled one-line instruction, deliberately weak (used to make the scorer's negatives). */
    public static String briefInstruction(Language language) {
        return PromptResources.text(STEP, language, "instruction-brief.txt");
    }

    /** The bundled worked examples for {@code language}. */
    public static List<Example> defaultExamples(Language language) {
        return PromptResources.jsonl(STEP, language, "examples.jsonl", node -> new Example(
                PromptResources.field(node, "context"),
                PromptResources.field(node, "question"),
                PromptResources.field(node, "context1"),
                PromptResources.field(node, "context2")));
    }

    /** This prompt with another instruction. */
    public CstPrompt withInstruction(String newInstruction) {
        return new CstPrompt(language, newInstruction, examples);
    }

    /** This prompt with other worked examples (possibly none). */
    public CstPrompt withExamples(List<Example> newExamples) {
        return new CstPrompt(language, instruction, newExamples);
    }

    /** The full prompt for {@code context}, ending with the question label. */
    public String render(String context) {
        Labels labels = Labels.of(language);
        PromptWriter out = new PromptWriter(language, instruction, examples.size());
        for (Example e : examples) {
            out.field(labels.context(), e.context())
                    .field(labels.question(), e.question())
                    .field(labels.context1(), e.context1())
                    .field(labels.context2(), e.context2())
                    .endExample();
        }
        return out.field(labels.context(), context.strip()).askQuestion();
    }

    /**
     * The prompt for {@code context} when the server enforces {@link CstJson#REWRITE}: the
     * worked examples show their answers as that JSON object, and the instruction asks for it.
     * The bundled instruction's text-layout lines are replaced by the JSON ones; an instruction
     * of your own is kept whole and followed by them. It ends with the target context.
     */
    public String renderJson(String context) {
        Labels labels = Labels.of(language);
        PromptWriter out = new PromptWriter(language, PromptWriter.jsonInstruction(STEP, language, instruction),
                examples.size());
        for (Example e : examples) {
            out.field(labels.context(), e.context())
                    .line(CstJson.rewriteExample(e.question(), e.context1(), e.context2()))
                    .endExample();
        }
        return out.field(labels.context(), context.strip()).target();
    }

    /**
     * Stop sequences that end the answer where a model would start another example. Both
     * languages' labels, since models switch; neither matches the numbered sub-context labels.
     */
    public List<String> stopSequences() {
        return List.of("\n" + Labels.EN.context(), "\n" + Labels.ZH.context());
    }

    /** {@code cst-<lang>-<hash>}: names this exact prompt in provenance. */
    public String id() {
        List<String> parts = new ArrayList<>();
        parts.add(instruction);
        examples.forEach(e -> parts.addAll(List.of(e.context(), e.question(), e.context1(), e.context2())));
        return PromptWriter.id("cst", language, parts);
    }

    @Override
    public String toString() {
        return id();
    }
}
