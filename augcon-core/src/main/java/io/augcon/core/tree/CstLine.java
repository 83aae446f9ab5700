package io.augcon.core.tree;

/**
 * One line of a Context-Split-Tree answer, classified: a field label (with whatever value
 * follows it on the line), a line that ends an answer (a new example, a note), or plain text.
 * Hand-written scanning instead of one large regular expression, because the label forms models
 * produce (bold, headings, list markers, full-width colons and digits, two languages) make such
 * a pattern slow to read and prone to backtracking.
 *
 * @param kind what the line is
 * @param field for {@link Kind#LABEL}, the field it opens; otherwise null
 * @param value for {@link Kind#LABEL}, the text after the label; for {@link Kind#TEXT}, the
 *     stripped line; for {@link Kind#UNKNOWN_LABEL}, the label as written; otherwise empty
 */
record CstLine(Kind kind, Field field, String value) {

    /** The three fields the CST prompt asks for, with the names reasons are given in. */
    enum Field {
        QUESTION("Question"), CONTEXT_1("Context 1"), CONTEXT_2("Context 2");

        final String label;

        Field(String label) {
            this.label = label;
        }
    }

    enum Kind { BLANK, TEXT, LABEL, UNKNOWN_LABEL, NEW_EXAMPLE, NOTE, RULE }

    private static final String[] QUESTION_WORDS = {"question", "问题"};
    private static final String[] CONTEXT_WORDS =
        {"sub-context", "sub context", "subcontext", "context", "子上下文", "上下文"};
    private static final String[] EXAMPLE_WORDS = {"example", "示例", "例子"};
    private static final String[] NOTE_WORDS =
        {"notes", "note", "explanation", "注意", "注", "说明", "解释", "备注"};

    private static final CstLine BLANK = new CstLine(Kind.BLANK, null, "");
    private static final CstLine RULE = new CstLine(Kind.RULE, null, "");
    private static final CstLine NEW_EXAMPLE = new CstLine(Kind.NEW_EXAMPLE, null, "");
    private static final CstLine NOTE = new CstLine(Kind.NOTE, null, "");

    static CstLine classify(String raw) {
        String line = raw.strip();
        if (line.isEmpty()) {
            return BLANK;
        }
        if (isRule(line)) {
            return RULE;
        }
        Cursor c = new Cursor(line);
        c.skipDecoration();
        CstLine labelled = matchField(c, line);
        return labelled != null ? labelled : matchTerminator(c, line);
    }

    private static CstLine matchField(Cursor c, String line) {
        int start = c.pos;
        if (c.takeWord(QUESTION_WORDS)) {
            c.skipParenthetical();
            if (c.finishLabel()) {
                return label(Field.QUESTION, c);
            }
            c.pos = start;
            return null;
        }
        if (!c.takeWord(CONTEXT_WORDS)) {
            return null;
        }
        c.skipSpaces();
        c.skipChar('#');
        int number = c.takeNumber();
        String written = line.substring(start, c.pos);
        c.skipParenthetical();
        if (!c.finishLabel()) {
            c.pos = start;
            return null;
        }
        if (number == 1 || number == 2) {
            return label(number == 1 ? Field.CONTEXT_1 : Field.CONTEXT_2, c);
        }
        if (number > 0) {
            return new CstLine(Kind.UNKNOWN_LABEL, null, written);
        }
        // "Context:" with no number is how every worked example in the prompt begins.
        return NEW_EXAMPLE;
    }

    private static CstLine matchTerminator(Cursor c, String line) {
        int start = c.pos;
        if (c.takeWord(EXAMPLE_WORDS)) {
            c.skipSpaces();
            c.takeNumber();
            if (c.finishLabel()) {
                return NEW_EXAMPLE;
            }
        }
        c.pos = start;
        c.hadColon = false;
        if (c.takeWord(NOTE_WORDS) && c.finishLabel() && c.hadColon) {
            return NOTE;
        }
        return new CstLine(Kind.TEXT, null, line);
    }

    private static CstLine label(Field field, Cursor c) {
        return new CstLine(Kind.LABEL, field, c.rest());
    }

    /** A markdown horizontal rule ("---", "***", "___"), which the prompt uses between examples. */
    private static boolean isRule(String line) {
        if (line.length() < 3) {
            return false;
        }
        char first = line.charAt(0);
        if (first != '-' && first != '*' && first != '_' && first != '=') {
            return false;
        }
        for (int i = 1; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch != first && ch != ' ') {
                return false;
            }
        }
        return true;
    }

    /** A position in one stripped line, with the few moves label matching needs. */
    private static final class Cursor {
        private final String s;
        int pos;
        boolean emphasised;
        boolean hadColon;

        Cursor(String s) {
            this.s = s;
        }

        /** Skips what may precede a label: headings, list markers, quotes, bold, brackets. */
        void skipDecoration() {
            int before;
            do {
                before = pos;
                skipHeading();
                skipBullet();
                skipNumbering();
                skipChar('>');
                skipSpaces();
            } while (pos != before);
            emphasised = skipEmphasis();
        }

        private void skipHeading() {
            int p = pos;
            while (p < s.length() && s.charAt(p) == '#') {
                p++;
            }
            if (p > pos && (p == s.length() || s.charAt(p) == ' ')) {
                pos = p;
            }
        }

        private void skipBullet() {
            if (pos + 1 < s.length() && "-*+•·".indexOf(s.charAt(pos)) >= 0
                    && s.charAt(pos + 1) == ' ') {
                pos += 2;
            }
        }

        private void skipNumbering() {
            int p = pos;
            while (p < s.length() && Character.isDigit(s.charAt(p))) {
                p++;
            }
            if (p > pos && p < s.length() && ".)、．".indexOf(s.charAt(p)) >= 0) {
                pos = p + 1;
            }
        }

        /**
         * Skips bold or italic markers, and the brackets Chinese models often put around a
         * label ({@code 【问题】：}, {@code [Question]:}), which wrap a label the same way.
         */
        private boolean skipEmphasis() {
            int p = pos;
            while (pos < s.length() && "*_【】[]".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
            return pos > p;
        }

        void skipSpaces() {
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\u3000'
                    || s.charAt(pos) == '\t')) {
                pos++;
            }
        }

        /** Skips an aside such as "Context 1 (first half):", which some models add. */
        void skipParenthetical() {
            skipSpaces();
            if (pos < s.length() && (s.charAt(pos) == '(' || s.charAt(pos) == '（')) {
                char close = s.charAt(pos) == '(' ? ')' : '）';
                int end = s.indexOf(close, pos);
                if (end > 0) {
                    pos = end + 1;
                }
            }
        }

        void skipChar(char ch) {
            if (pos < s.length() && s.charAt(pos) == ch) {
                pos++;
            }
        }

        /**
         * Takes the first of {@code words} found here (English ones ignoring case and only as
         * whole words, so "Contextual" or "Questions" are not labels).
         */
        boolean takeWord(String[] words) {
            for (String w : words) {
                if (s.regionMatches(true, pos, w, 0, w.length())) {
                    int end = pos + w.length();
                    boolean latin = w.charAt(0) < 0x80;
                    if (!latin || end == s.length() || !Character.isLetter(s.charAt(end))) {
                        pos = end;
                        return true;
                    }
                }
            }
            return false;
        }

        /** A sub-context number: ASCII, full-width or a Chinese numeral; 0 when none. */
        int takeNumber() {
            int value = 0;
            while (pos < s.length()) {
                char ch = s.charAt(pos);
                int digit = ch >= '0' && ch <= '9' ? ch - '0'
                        : ch >= '０' && ch <= '９' ? ch - '０'
                        : ch == '一' ? 1 : ch == '二' ? 2 : ch == '三' ? 3 : -1;
                if (digit < 0) {
                    break;
                }
                value = value * 10 + digit;
                pos++;
            }
            return value;
        }

        /**
         * Consumes what may close a label (bold markers, a colon of either width) and says
         * whether the line really is a label: it is when a colon follows, when nothing follows
         * (a heading or a bare label line), or when bold closes right after the label word.
         */
        boolean finishLabel() {
            skipSpaces();
            boolean closed = skipEmphasis();
            skipSpaces();
            if (pos < s.length() && (s.charAt(pos) == ':' || s.charAt(pos) == '：')) {
                pos++;
                hadColon = true;
                skipEmphasis();
                skipSpaces();
                return true;
            }
            return pos == s.length() || (emphasised && closed);
        }

        String rest() {
            return s.substring(pos);
        }
    }
}
