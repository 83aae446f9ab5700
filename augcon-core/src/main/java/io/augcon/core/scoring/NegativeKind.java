package io.augcon.core.scoring;

import io.augcon.core.tree.CstPrompt;
import java.util.Locale;

/**
 * The three weaker prompts of the method that make the scorer's negatives: what the scorer learns
 * is how much better a query is when it follows the full instruction and the worked examples.
 */
public enum NegativeKind {
    /** The one-line instruction with the full worked examples. */
    BRIEF_INSTRUCTION,
    /** The full instruction with a single worked example. */
    FEWER_EXAMPLES,
    /** The one-line instruction with a single worked example. */
    BOTH;

    /** {@code brief-instruction}, {@code fewer-examples}, {@code both}: the name pairs carry. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** {@code full} made weaker in this kind's way. */
    public CstPrompt weaken(CstPrompt full) {
        CstPrompt prompt = full;
        if (this != FEWER_EXAMPLES) {
            prompt = prompt.withInstruction(CstPrompt.briefInstruction(full.language()));
        }
        if (this != BRIEF_INSTRUCTION && prompt.examples().size() > 1) {
            prompt = prompt.withExamples(prompt.examples().subList(0, 1));
        }
        return prompt;
    }
}
