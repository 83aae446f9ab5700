package io.augcon.api;

import java.util.Objects;

/**
 * A root context C_i: a chunk of one document, packed from whole sentences, that grows one or
 * more Context-Split-Trees.
 *
 * @param id         stable identifier, {@code documentId + "#" + index}
 * @param documentId the document the chunk was cut from
 * @param sequence   position of this root in the whole run (0-based), used to order output
 * @param index      position of this root within its document (0-based)
 * @param start      offset of the chunk's first character in the document text
 * @param end        offset just past the chunk's last character in the document text
 * @param text       the chunk's text (the document's characters from {@code start} to
 *                   {@code end}, with surrounding whitespace trimmed)
 * @param language   the language prompts and tokenisers use for this root
 */
public record RootContext(
        String id,
        String documentId,
        long sequence,
        int index,
        int start,
        int end,
        String text,
        Language language) {
    /**
     * Checks the components.
     *
     * @throws NullPointerException if {@code id}, {@code documentId}, {@code text} or {@code language} is {@code null}
     * @throws IllegalArgumentException if the span is negative or ends before it starts
     */
    public RootContext {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(language, "language");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + ") for root " + id);
        }
    }

    /** The root as the top node (depth 0) of tree run {@code treeRun}. */
    public ContextNode node(int treeRun) {
        return new ContextNode(this, treeRun, "", text);
    }
}
