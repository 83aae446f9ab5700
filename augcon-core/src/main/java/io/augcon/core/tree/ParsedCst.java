package io.augcon.core.tree;

import java.util.Objects;

/**
 * What one Context-Split-Tree LLM call yielded: the question about the whole node and the two
 * sub-contexts the node's children grow from. Values arrive cleaned (trimmed, unquoted, line
 * breaks joined), so the engine can compare lengths against the parent directly.
 *
 * @param question the question about the whole context, never blank
 * @param context1 the first sub-context, never blank
 * @param context2 the second sub-context, never blank
 */
record ParsedCst(String question, String context1, String context2) {

    /** Rejects blank fields, because a node built on one would recurse on nothing. */
    public ParsedCst {
        requireText(question, "question");
        requireText(context1, "context1");
        requireText(context2, "context2");
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " is blank");
        }
    }
}
