package io.augcon.core.tree;

import io.augcon.api.Language;
import io.augcon.core.internal.PromptResources;
import java.util.List;

/**
 * What every CST prompt shares: the instruction, then worked examples as labelled lines with a
 * blank line after each, then the target, ending with the question label so that a completion
 * model continues with the question. The prompt classes differ only in which fields they write.
 */
final class PromptWriter {
    /** The question label of every CST layout; the prompt ends with it. */
    static final String QUESTION_EN = "Question:";
    static final String QUESTION_ZH = "问题：";
    /** The label a context starts with; a model that writes it again starts another example. */
    static final String CONTEXT_EN = "Context:";
    static final String CONTEXT_ZH = "上下文：";

    private final Language language;
    private final StringBuilder out;

    PromptWriter(Language language, String instruction, int examples) {
        this.language = language;
        this.out = new StringBuilder(instruction.length() + 600 * (examples + 1));
        out.append(instruction).append("\n\n");
    }

    static String questionLabel(Language language) {
        return language == Language.ZH ? QUESTION_ZH : QUESTION_EN;
    }

    static String contextLabel(Language language) {
        return language == Language.ZH ? CONTEXT_ZH : CONTEXT_EN;
    }

    /** The instruction of a CST JSON prompt: {@link PromptResources#jsonInstruction} with the step's {@code layout.txt} and {@code layout-json.txt}. */
    static String jsonInstruction(String step, Language language, String instruction) {
        return PromptResources.jsonInstruction(step, language, instruction, "layout.txt", "layout-json.txt");
    }

    /** {@code <prefix>-<lang>-<hash of parts>}: names one exact prompt text in provenance. */
    static String id(String prefix, Language language, List<String> parts) {
        return prefix + "-" + language.code() + "-" + PromptResources.contentHash(parts);
    }

    /** One labelled line; English puts a space after the label's colon, Chinese none. */
    PromptWriter field(String label, String value) {
        out.append(label);
        if (language == Language.EN) {
            out.append(' ');
        }
        out.append(value).append('\n');
        return this;
    }

    /** One unlabelled line. */
    PromptWriter line(String text) {
        out.append(text).append('\n');
        return this;
    }

    /** The blank line that ends a worked example. */
    PromptWriter endExample() {
        out.append('\n');
        return this;
    }

    /** The finished prompt as written, ending with the target, for an answer whose shape a schema sets. */
    String target() {
        return out.toString().stripTrailing();
    }

    /** The finished prompt: what was written, then the question label the model continues. */
    String askQuestion() {
        return out.append(questionLabel(language)).toString();
    }
}
