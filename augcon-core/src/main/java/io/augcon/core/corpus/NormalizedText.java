package io.augcon.core.corpus;

/**
 * A paragraph as the LLM should read it, with a map back to the document.
 *
 * <p>Hard-wrapped files put line breaks inside sentences; left in, they waste tokens and split
 * words for the tokenizer. Each line break, with the indentation around it, becomes one space,
 * or nothing when a Chinese (or other wide) character stands on either side, since Chinese puts
 * no spaces between words. All other whitespace is kept. Sentence finding and packing then work
 * on the normalised text, where a chunk's length is simply its span's length, and
 * {@link #toSource} maps a chunk back to exact document offsets.
 *
 * @param text    the normalised characters
 * @param origins for each character of {@code text}, its offset in the source (a joining space
 *                maps to the first whitespace character it replaces)
 */
record NormalizedText(String text, int[] origins) {

    /** Normalises {@code source[span.start, span.end)}, trimming whitespace at either end. */
    static NormalizedText of(String source, TextSpan span) {
        TextSpan trimmed = TextSpan.trimmed(source, span.start(), span.end());
        StringBuilder text = new StringBuilder(trimmed.length());
        int[] origins = new int[trimmed.length()];
        int i = trimmed.start();
        while (i < trimmed.end()) {
            int runEnd = SentenceSplitter.skipWhitespace(source, i);
            if (runEnd == i) {
                origins[text.length()] = i;
                text.append(source.charAt(i++));
                continue;
            }
            boolean breaksLine = containsLineBreak(source, i, runEnd);
            if (!breaksLine || joinsWithSpace(source, i, runEnd)) {
                int copyEnd = breaksLine ? i + 1 : runEnd;
                for (int j = i; j < copyEnd; j++) {
                    origins[text.length()] = j;
                    text.append(breaksLine ? ' ' : source.charAt(j));
                }
            }
            i = runEnd;
        }
        int[] exact = new int[text.length()];
        System.arraycopy(origins, 0, exact, 0, exact.length);
        return new NormalizedText(text.toString(), exact);
    }

    /** The document span whose normalised form is {@code text[span.start, span.end)}. */
    TextSpan toSource(TextSpan span) {
        if (span.length() == 0) {
            throw new IllegalArgumentException("empty span " + span);
        }
        return new TextSpan(origins[span.start()], origins[span.end() - 1] + 1);
    }

    /** The normalised form of any range of a document, by the same rules. */
    static String normalize(String source, int start, int end) {
        return of(source, new TextSpan(start, end)).text();
    }

    private static boolean containsLineBreak(String source, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = source.charAt(i);
            if (c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }

    private static boolean joinsWithSpace(String source, int runStart, int runEnd) {
        return !Cjk.isWide(source.codePointBefore(runStart)) && !Cjk.isWide(source.codePointAt(runEnd));
    }
}
