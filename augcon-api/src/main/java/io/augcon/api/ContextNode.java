package io.augcon.api;

import io.augcon.api.internal.Knob;
import java.util.Objects;

/**
 * A node of a Context-Split-Tree: a context and its place in the tree.
 *
 * <p>The path spells the way down from the root: {@code ""} is the root, {@code "1"} its first
 * sub-context, {@code "12"} the second sub-context of that, and so on. The depth is the length
 * of the path. Several trees may grow from one root (the quota loop re-runs the tree); {@code
 * treeRun} tells them apart.
 *
 * @param root    the root context this tree grows from
 * @param treeRun which run of the tree on this root (0-based)
 * @param path    the way down from the root, one digit ({@code 1} or {@code 2}) per level
 * @param text    this node's context text
 */
public record ContextNode(RootContext root, int treeRun, String path, String text) {
    /**
     * Checks the components.
     *
     * @throws NullPointerException if {@code root}, {@code path} or {@code text} is {@code null}
     * @throws IllegalArgumentException if {@code treeRun} is negative or {@code path} holds a
     *         character other than {@code 1} and {@code 2}
     */
    public ContextNode {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(text, "text");
        Knob.atLeast("treeRun", treeRun, 0);
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c != '1' && c != '2') {
                throw new IllegalArgumentException("path must consist of 1 and 2, was '" + path + "'");
            }
        }
    }

    /** Distance from the root: 0 for the root itself. */
    public int depth() {
        return path.length();
    }

    /** The first ({@code which == 1}) or second ({@code which == 2}) child with the given text. */
    public ContextNode child(int which, String childText) {
        Knob.inRange("which", which, 1, 2);
        return new ContextNode(root, treeRun, path + which, childText);
    }

    /** The language of the root. */
    public Language language() {
        return root.language();
    }

    /** A readable identifier unique within a run: {@code rootId/treeRun/path} (path "r" for the root). */
    public String id() {
        return root.id() + "/" + treeRun + "/" + (path.isEmpty() ? "r" : path);
    }
}
