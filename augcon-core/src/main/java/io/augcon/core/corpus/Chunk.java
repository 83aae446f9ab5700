package io.augcon.core.corpus;

import java.util.Objects;

/**
 * One root context as cut from a document: its exact place in the original text and the
 * normalised text the LLM sees.
 *
 * <p>The two differ only in line breaks (a hard-wrapped line break, with the indentation around
 * it, becomes one space, or nothing next to Chinese characters), so {@code text} reads as prose
 * while {@code [start, end)} still points at the raw characters for provenance.
 *
 * @param start offset of the chunk's first character in the original document text
 * @param end   offset just past its last character in the original document text
 * @param text  the normalised text of {@code documentText.substring(start, end)}
 */
public record Chunk(int start, int end, String text) {

    /** Rejects impossible spans and a missing text, so a bad chunk fails where it is made. */
    public Chunk {
        Objects.requireNonNull(text, "text");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
        }
    }
}
