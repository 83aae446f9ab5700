package io.augcon.core.tree;

import java.util.Objects;

/**
 * What one Context-Split-Tree LLM call yielded: the question about the whole node and the two
 * sub-contexts the node's children grow from. Values arrive cleaned (trimmed, unquoted, line
 * breaks joined), so the engine can compare lengths against the parent directly.
 *
 * @param question the question about the whole context, never blank
 * @param context1 the first sub-context; empty when the answer gave none that can be used
 * @param context2 the second sub-context; empty when the answer gave none that can be used
 */
record ParsedCst(String question, String context1, String context2) {

    /**
     * Rejects a blank question, which is never kept; a blank sub-context must be empty, the one
     * form the tree reads as a degenerate split.
     */
    public ParsedCst {
        requireText(question, "question");
        requireEmptyOrText(context1, "context1");
        requireEmptyOrText(context2, "context2");
    }

    /** Whether both sub-contexts were given, so the node may have children. */
    boolean splitGiven() {
        return !context1.isEmpty() && !context2.isEmpty();
    }

    private static void requireEmptyOrText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (!value.isEmpty() && value.isBlank()) {
            throw new IllegalArgumentException(name + " is blank but not empty");
        }
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " is blank");
        }
    }
}
