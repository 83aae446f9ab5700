package io.augcon.core.corpus;

/**
 * One line of a document, classified by its markdown role. Plain-text corpora are read with the
 * same rules: a line that looks like a heading, a fence or a table row almost never is prose.
 *
 * @param start     offset of the first non-whitespace character
 * @param textStart offset where prose starts: after a list marker, else {@code start}
 * @param end       offset just past the last non-whitespace character
 * @param kind      the line's role
 * @param number    the number of an ordered list item, else 0
 */
record MarkdownLine(int start, int textStart, int end, Kind kind, long number) {

    /** What a line is, for paragraph building. */
    enum Kind {
        BLANK, FENCE, HEADING, TABLE_ROW, RULE, BULLET_ITEM, ORDERED_ITEM, TEXT;

        /** Lines that never belong to a prose paragraph and separate the ones around them. */
        boolean isSeparator() {
            return this != BULLET_ITEM && this != ORDERED_ITEM && this != TEXT;
        }
    }

    int length() {
        return end - start;
    }

    /** Classifies the line {@code [lineStart, lineEnd)} of {@code text} (terminator excluded). */
    static MarkdownLine classify(String text, int lineStart, int lineEnd) {
        TextSpan content = TextSpan.trimmed(text, lineStart, lineEnd);
        int s = content.start();
        int e = content.end();
        String head = text.substring(s, Math.min(e, s + 3));
        if (s == e) {
            return new MarkdownLine(s, s, e, Kind.BLANK, 0);
        }
        if (head.equals("```") || head.equals("~~~")) {
            return new MarkdownLine(s, s, e, Kind.FENCE, 0);
        }
        if (isHeading(text, s, e)) {
            return new MarkdownLine(s, s, e, Kind.HEADING, 0);
        }
        if (text.charAt(s) == '|') {
            return new MarkdownLine(s, s, e, Kind.TABLE_ROW, 0);
        }
        if (isRule(text, s, e)) {
            return new MarkdownLine(s, s, e, Kind.RULE, 0);
        }
        return listItemOrText(text, s, e);
    }

    /** ATX heading: one to six '#' then a space or the end of the line. */
    private static boolean isHeading(String text, int s, int e) {
        int hashes = 0;
        while (s + hashes < e && text.charAt(s + hashes) == '#') {
            hashes++;
        }
        return hashes >= 1 && hashes <= 6 && (s + hashes == e || text.charAt(s + hashes) == ' ');
    }

    /** Thematic break or setext underline: three or more of one of - = * _ and nothing else. */
    private static boolean isRule(String text, int s, int e) {
        char mark = text.charAt(s);
        if ("-=*_".indexOf(mark) < 0) {
            return false;
        }
        int marks = 0;
        for (int i = s; i < e; i++) {
            char c = text.charAt(i);
            if (c == mark) {
                marks++;
            } else if (c != ' ' && c != '\t') {
                return false;
            }
        }
        return marks >= 3;
    }

    private static MarkdownLine listItemOrText(String text, int s, int e) {
        char first = text.charAt(s);
        if ((first == '-' || first == '*' || first == '+') && s + 1 < e && text.charAt(s + 1) == ' ') {
            return new MarkdownLine(s, SentenceSplitter.skipWhitespace(text, s + 1), e, Kind.BULLET_ITEM, 0);
        }
        int digits = s;
        while (digits < e && digits - s < 9 && text.charAt(digits) >= '0' && text.charAt(digits) <= '9') {
            digits++;
        }
        if (digits > s && digits + 1 < e && (text.charAt(digits) == '.' || text.charAt(digits) == ')')
                && text.charAt(digits + 1) == ' ') {
            long number = Long.parseLong(text.substring(s, digits));
            return new MarkdownLine(s, SentenceSplitter.skipWhitespace(text, digits + 1), e, Kind.ORDERED_ITEM, number);
        }
        return new MarkdownLine(s, s, e, Kind.TEXT, 0);
    }
}
