package io.augcon.core.tree;

import io.augcon.api.Language;
import io.augcon.api.internal.Knob;
import io.augcon.core.corpus.SentenceSplitter;
import io.augcon.core.corpus.TextSpan;
import io.augcon.core.internal.PromptResources;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The prompt of the numbered split ({@link SplitMode#NUMBERED}): an instruction, worked examples,
 * and the target context as numbered sentences {@code [1]..[n]}, ending with the question label.
 * The model answers with a question and the number of the sentence after which the context
 * splits, a few tokens instead of a rewrite of the whole context.
 *
 * <pre>{@code
 * NumberedCstPrompt prompt = NumberedCstPrompt.defaults(Language.EN);
 * String text = prompt.render(List.of("Tides rise twice a day.", "The Moon pulls the sea."));
 * }</pre>
 *
 * <p>The bundled texts live under {@code io/augcon/core/prompts/cst-numbered/<lang>/}; the
 * examples are stored as whole contexts and numbered with the same {@link SentenceSplitter} that
 * numbers the target, so what the examples show is what the model will see. Immutable.
 *
 * @param language    the language of the labels and of the contexts it is meant for
 * @param instruction what the model is told to do, stripped
 * @param examples    the worked examples, possibly none
 */
public record NumberedCstPrompt(Language language, String instruction, List<Example> examples) {
    private static final String STEP = "cst-numbered";
    private static final Pattern LINE_BREAK = Pattern.compile("\\s*\\R\\s*");

    /**
     * One worked example: a context, the question about it, and the sentence after which it splits.
     *
     * @param sentences  the context's sentences, in order
     * @param question   the question about the whole context
     * @param splitAfter the last sentence of the first part, 1-based, smaller than the sentence count
     */
    public record Example(List<String> sentences, String question, int splitAfter) {
        /**
         * Copies the sentences and checks the split point.
         *
         * @throws IllegalArgumentException if {@code splitAfter} is not between 1 and one less than
         *         the number of sentences (both parts must keep a sentence)
         */
        public Example {
            sentences = List.copyOf(sentences);
            Objects.requireNonNull(question, "question");
            Knob.inRange("splitAfter of an example of " + sentences.size() + " sentences", splitAfter, 1,
                    sentences.size() - 1);
        }

        /** An example whose sentences are found in {@code context} by the rules of {@code language}. */
        public static Example of(String context, Language language, String question, int splitAfter) {
            return new Example(sentencesOf(context, language), question, splitAfter);
        }
    }

    /** The labels of the layout in one language. */
    public record Labels(String sentences, String question, String splitAfter) {
        /** English: {@code Sentences:}, {@code Question:}, {@code Split after:}. */
        public static final Labels EN = new Labels("Sentences:", PromptWriter.QUESTION_EN, "Split after:");
        /** Chinese: {@code 句子：}, {@code 问题：}, {@code 切分位置：}. */
        public static final Labels ZH = new Labels("句子：", PromptWriter.QUESTION_ZH, "切分位置：");

        /** {@link #ZH} for Chinese, {@link #EN} for every other language. */
        public static Labels of(Language language) {
            return language == Language.ZH ? ZH : EN;
        }
    }

    /** Strips the instruction and copies the examples, so that equal prompts have equal ids. */
    public NumberedCstPrompt {
        Objects.requireNonNull(language, "language");
        instruction = Objects.requireNonNull(instruction, "instruction").strip();
        examples = List.copyOf(examples);
    }

    /** The bundled prompt for {@code language}. */
    public static NumberedCstPrompt defaults(Language language) {
        return new NumberedCstPrompt(language, PromptResources.text(STEP, language, "task.txt") + "\n"
                + PromptResources.text(STEP, language, "layout.txt"), defaultExamples(language));
    }

    /** The bundled worked examples for {@code language}. */
    public static List<Example> defaultExamples(Language language) {
        return PromptResources.jsonl(STEP, language, "examples.jsonl", node -> {
            if (node.get("split_after") == null || !node.get("split_after").canConvertToInt()) {
                throw new IllegalArgumentException("field 'split_after' missing or not an integer");
            }
            return Example.of(PromptResources.field(node, "context"), language,
                    PromptResources.field(node, "question"), node.get("split_after").asInt());
        });
    }

    /** The sentences of {@code context} as the numbered split sees them: trimmed, in order. */
    public static List<String> sentencesOf(String context, Language language) {
        return spansOf(context, language).stream().map(span -> span.of(context)).toList();
    }

    /** The sentence spans of {@code context}, exact positions in it. */
    public static List<TextSpan> spansOf(String context, Language language) {
        return SentenceSplitter.sentences(context, language);
    }

    /** This prompt with another instruction. */
    public NumberedCstPrompt withInstruction(String newInstruction) {
        return new NumberedCstPrompt(language, newInstruction, examples);
    }

    /** This prompt with other worked examples (possibly none). */
    public NumberedCstPrompt withExamples(List<Example> newExamples) {
        return new NumberedCstPrompt(language, instruction, newExamples);
    }

    /** The full prompt for a context of {@code sentences}, ending with the question label. */
    public String render(List<String> sentences) {
        if (sentences.isEmpty()) {
            throw new IllegalArgumentException("a numbered prompt needs at least one sentence");
        }
        Labels labels = Labels.of(language);
        PromptWriter out = new PromptWriter(language, instruction, examples.size());
        for (Example e : examples) {
            numbered(out, labels, e.sentences())
                    .field(labels.question(), e.question())
                    .field(labels.splitAfter(), Integer.toString(e.splitAfter()))
                    .endExample();
        }
        return numbered(out, labels, sentences).askQuestion();
    }

    /**
     * The prompt for a context of {@code sentences} when the server enforces a {@link CstJson}
     * schema: the worked examples show their answers as that JSON object and the instruction asks
     * for it ({@link PromptWriter#jsonInstruction}). It ends with the numbered target.
     */
    public String renderJson(List<String> sentences) {
        if (sentences.isEmpty()) {
            throw new IllegalArgumentException("a numbered prompt needs at least one sentence");
        }
        Labels labels = Labels.of(language);
        PromptWriter out = new PromptWriter(language, PromptWriter.jsonInstruction(STEP, language, instruction),
                examples.size());
        for (Example e : examples) {
            numbered(out, labels, e.sentences()).line(CstJson.numberedExample(e.question(), e.splitAfter())).endExample();
        }
        return numbered(out, labels, sentences).target();
    }

    /** Stop sequences where a model would start another example, in both languages. */
    public List<String> stopSequences() {
        return List.of("\n" + Labels.EN.sentences(), "\n" + Labels.ZH.sentences());
    }

    private static PromptWriter numbered(PromptWriter out, Labels labels, List<String> sentences) {
        out.line(labels.sentences());
        for (int i = 0; i < sentences.size(); i++) {
            // A line break inside a sentence would break the one-sentence-per-line layout.
            String oneLine = LINE_BREAK.matcher(sentences.get(i).strip()).replaceAll(" ");
            out.line("[" + (i + 1) + "] " + oneLine);
        }
        return out;
    }

    /** {@code cstn-<lang>-<hash>}: names this exact prompt in provenance. */
    public String id() {
        List<String> parts = new ArrayList<>();
        parts.add(instruction);
        examples.forEach(e -> {
            parts.addAll(e.sentences());
            parts.add(e.question());
            parts.add(Integer.toString(e.splitAfter()));
        });
        return PromptWriter.id("cstn", language, parts);
    }

    @Override
    public String toString() {
        return id();
    }
}
