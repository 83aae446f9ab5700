package io.augcon.core.tree;

import java.util.Locale;

/**
 * How the Context-Split-Tree's LLM call splits a node. Both ask one call per node for a question
 * and a split; they differ in what the model writes for the split.
 *
 * <pre>{@code
 * AugCon.builder().llm(backend).splitMode(SplitMode.NUMBERED).build();
 * }</pre>
 */
public enum SplitMode {
    /**
     * The paper's split (the default): the model rewrites the context as two sub-contexts, so
     * its answer is about as long as the context ({@link CstFormat#rewrite}).
     */
    REWRITE,
    /**
     * Beyond the paper: the prompt numbers the node's sentences and the model names the sentence
     * after which the context splits, so its answer is a question and a number, and the
     * sub-contexts are exact spans of the parent ({@link CstFormat#numbered}).
     */
    NUMBERED;

    /**
     * The mode named {@code name} ({@code rewrite} or {@code numbered}, any case).
     *
     * @throws IllegalArgumentException naming the value when it is neither
     */
    public static SplitMode fromName(String name) {
        for (SplitMode mode : values()) {
            if (mode.name().equalsIgnoreCase(name == null ? "" : name.strip())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("split mode must be rewrite or numbered, was '" + name + "'");
    }

    /** The lower-case name, as the command line spells it. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
