package io.augcon.core.corpus;

import java.util.List;

/**
 * A half-open range {@code [start, end)} of {@code char} offsets in some text.
 *
 * <p>Spans rather than substrings are what the corpus stage hands on, because every SFT record
 * must be traceable to the exact characters of its document (root provenance).
 *
 * @param start offset of the first character
 * @param end   offset just past the last character
 */
public record TextSpan(int start, int end) {

    /** Rejects spans that could not index any text, so a bad offset fails where it is made. */
    public TextSpan {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
        }
    }

    /** The number of {@code char}s covered (a surrogate pair counts as two). */
    public int length() {
        return end - start;
    }

    /**
     * The covered characters of {@code text}, which must be the text the span was made from.
     *
     * @throws IndexOutOfBoundsException when the span does not fit in {@code text}
     */
    public String of(String text) {
        return text.substring(start, end);
    }

    /**
     * The part of {@code [start, end)} of {@code text} without surrounding whitespace; empty
     * (at {@code end}) when there is nothing else.
     */
    static TextSpan trimmed(CharSequence text, int start, int end) {
        int from = start;
        int to = end;
        while (from < to && Character.isWhitespace(text.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
            to--;
        }
        return from == to ? new TextSpan(end, end) : new TextSpan(from, to);
    }

    /** Adds the trimmed part of {@code [start, end)} to {@code spans} unless it is empty. */
    static void addTrimmed(List<TextSpan> spans, CharSequence text, int start, int end) {
        TextSpan span = trimmed(text, start, end);
        if (span.length() > 0) {
            spans.add(span);
        }
    }
}
