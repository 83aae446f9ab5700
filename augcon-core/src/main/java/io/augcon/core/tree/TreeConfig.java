package io.augcon.core.tree;

import static io.augcon.api.internal.Knob.atLeast;
import static io.augcon.api.internal.Knob.inRange;

import io.augcon.api.internal.Knob;
import java.util.Objects;

/**
 * The Context-Split-Tree: its stopping rules and how the default tree step asks the LLM.
 *
 * <pre>{@code
 * TreeConfig tree = TreeConfig.DEFAULTS.withSplitMode(SplitMode.NUMBERED).withMinContextChars(40);
 * }</pre>
 *
 * @param splitMode   how the default tree step splits a node: the paper's rewrite of both halves
 *                    (default) or the number of the sentence where it splits
 * @param rules       the stopping rules ({@link TreeRules#DEFAULT}: 20, 5 and 0.7)
 * @param temperature sampling temperature of the default tree step (0.85, the reference)
 * @param maxAttempts calls per node before an unusable answer fails the node (4, the reference)
 */
public record TreeConfig(SplitMode splitMode, TreeRules rules, double temperature, int maxAttempts) {
    /** The method's values. */
    public static final TreeConfig DEFAULTS = new TreeConfig(SplitMode.REWRITE, TreeRules.DEFAULT,
            CstStep.DEFAULT_TEMPERATURE, CstStep.DEFAULT_MAX_ATTEMPTS);

    /** @throws IllegalArgumentException naming the knob that is out of range */
    public TreeConfig {
        Objects.requireNonNull(splitMode, "splitMode");
        Objects.requireNonNull(rules, "rules");
        inRange("cstTemperature", temperature, 0, Knob.MAX_TEMPERATURE);
        atLeast("cstMaxAttempts", maxAttempts, 1);
    }

    /** These settings with another split mode. */
    public TreeConfig withSplitMode(SplitMode value) {
        return new TreeConfig(value, rules, temperature, maxAttempts);
    }

    /** These settings with other stopping rules. */
    public TreeConfig withRules(TreeRules value) {
        return new TreeConfig(splitMode, value, temperature, maxAttempts);
    }

    /** These settings with lambda, the minimum granularity: shorter contexts are not expanded. */
    public TreeConfig withMinContextChars(int value) {
        return withRules(new TreeRules(value, rules.minQuestionChars(), rules.minChildPrecision()));
    }

    /** These settings with another shortest kept question. */
    public TreeConfig withMinQuestionChars(int value) {
        return withRules(new TreeRules(rules.minContextChars(), value, rules.minChildPrecision()));
    }

    /** These settings with another hallucination-check threshold (0 turns the check off). */
    public TreeConfig withMinChildPrecision(double value) {
        return withRules(new TreeRules(rules.minContextChars(), rules.minQuestionChars(), value));
    }

    /** These settings with another temperature for the default tree step. */
    public TreeConfig withTemperature(double value) {
        return new TreeConfig(splitMode, rules, value, maxAttempts);
    }

    /** These settings with another bound on calls per node. */
    public TreeConfig withMaxAttempts(int value) {
        return new TreeConfig(splitMode, rules, temperature, value);
    }
}
