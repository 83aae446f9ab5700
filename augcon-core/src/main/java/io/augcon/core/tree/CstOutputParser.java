package io.augcon.core.tree;

import io.augcon.core.tree.CstLine.Field;
import io.augcon.core.tree.CstLine.Kind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads the LLM's answer to the Context-Split-Tree prompt: a question about the whole context
 * and the two sub-contexts, in the layout the prompt's worked examples teach.
 *
 * <pre>
 * Question: &lt;one question about the whole context&gt;
 * Context 1: &lt;first sub-context&gt;
 * Context 2: &lt;second sub-context&gt;
 * </pre>
 *
 * <p>Real models bend that layout, and a parse failure costs a whole LLM call (the reference
 * retries up to four times), so the parser accepts what models actually write (contracts §5):
 * English or Chinese labels ({@code 问题}, {@code 上下文1}, {@code 上下文2}, also "Sub-context 1",
 * {@code 子上下文1}) whatever the prompt's language; ASCII or full-width colons and digits;
 * labels in bold, as markdown headings with the value below, or behind list markers; chatter
 * before the first label; chatter, notes or the start of a further example after the last
 * field; the question first or last; and no {@code Question:} label at all when the answer
 * starts with the question itself, because the prompt ended with that label. The reference
 * reads the same case as the last line before "Context 1". As a fallback it also reads fields
 * run together on one line.
 *
 * <p>The question is what the answer is for, and every re-ask costs a whole call, so a usable
 * question is kept whatever happened to the split. On a context it cannot split (typically one
 * sentence) a model writes a good question, hands the whole text back as Context 1 and leaves
 * Context 2 empty, or writes "N/A" or "无" there; a sub-context that is missing, empty, a
 * placeholder ({@link AnswerText#isPlaceholder}), given twice with different values, or joined by
 * a third one is read as empty, which the tree ends as a degenerate split ({@link
 * ParsedCst#splitGiven}). It refuses, with a short reason, only what holds no usable question: an
 * empty answer, no question, an empty or placeholder question, a question given twice with
 * different values.
 *
 * <pre>{@code
 * ParsedCst cst = CstOutputParser.parse("""
 *         Sure! Here is the output:
 *         **Question:** Why is Heseltine's reputation mixed?
 *         **Context 1:** Heseltine is best known as a composer of songs.
 *         **Context 2:** He was also notorious for his scandalous lifestyle.
 *         """);
 * cst.question(); // "Why is Heseltine's reputation mixed?"
 * }</pre>
 */
final class CstOutputParser {

    private static final String[] INLINE_LABELS = {"question:", "context 1:", "context 2:",
        "问题：", "问题:", "上下文1：", "上下文1:", "上下文2：", "上下文2:"};

    private CstOutputParser() {
    }

    /**
     * Parses one LLM answer. Runs in one pass over the lines with no regular expression, so
     * its cost is linear in the answer's length.
     *
     * @throws CstParseException with a short reason when the answer holds no usable question
     */
    public static ParsedCst parse(String output) {
        if (output == null || output.isBlank()) {
            throw new CstParseException("empty output");
        }
        ParsedCst lines = null;
        CstParseException failure = null;
        try {
            lines = walk(output);
            if (lines.splitGiven()) {
                return lines;
            }
        } catch (CstParseException e) {
            failure = e;
        }
        String broken = breakInlineLabels(output);
        if (broken.length() != output.length()) {
            try {
                // The lines gave no split, so they missed labels that the inline reading found.
                return walk(broken);
            } catch (CstParseException retry) {
                if (failure != null) {
                    // The first reason describes the answer as the model wrote it.
                    failure.addSuppressed(retry);
                }
            }
        }
        if (lines != null) {
            return lines;
        }
        throw failure;
    }

    private static ParsedCst walk(String output) {
        Walk walk = new Walk();
        Iterator<String> lines = output.lines().iterator();
        while (lines.hasNext() && walk.accept(CstLine.classify(lines.next()))) {
            // accept() says when the rest of the answer is no longer this example's
        }
        return walk.result();
    }

    /**
     * A fallback for answers that run the fields together on one line ("Question: q Context 1:
     * a Context 2: b"), which the reference's regular expression also reads: puts a line break
     * before each mid-line label. Only tried when the line-based reading failed, because
     * "question:" may well occur inside a sub-context.
     */
    private static String breakInlineLabels(String output) {
        StringBuilder out = new StringBuilder(output.length() + 8);
        for (int i = 0; i < output.length(); i++) {
            if (i > 0 && output.charAt(i - 1) != '\n' && startsInlineLabel(output, i)) {
                out.append('\n');
            }
            out.append(output.charAt(i));
        }
        return out.toString();
    }

    private static boolean startsInlineLabel(String s, int i) {
        char before = s.charAt(i - 1);
        if (before < 0x80 && Character.isLetterOrDigit(before)) {
            return false;
        }
        for (String label : INLINE_LABELS) {
            if (s.regionMatches(true, i, label, 0, label.length())) {
                return true;
            }
        }
        return false;
    }

    /** The lines that followed one label, up to where its value ends. */
    private record Segment(Field field, List<String> lines) {
    }

    /** The state of one pass over the answer's lines. */
    private static final class Walk {
        private final List<CstLine> preamble = new ArrayList<>();
        private final List<Segment> segments = new ArrayList<>();
        private final Set<Field> seen = EnumSet.noneOf(Field.class);
        private Segment current;
        /** After chatter or a note: text is ignored until the next label. */
        private boolean skipping;
        /** A blank line inside a last field with a value: more text after it is chatter. */
        private boolean pendingBlank;
        private String implicitQuestion;
        /** A label for a sub-context the layout does not have ("Context 3"). */
        private boolean splitBroken;

        /** Takes one line; false when the answer's own content is over. */
        boolean accept(CstLine line) {
            if (line.kind() == Kind.LABEL) {
                return acceptLabel(line);
            }
            if (current == null) {
                preamble.add(line);
                return true;
            }
            if (skipping) {
                return true;
            }
            return switch (line.kind()) {
                case BLANK -> {
                    pendingBlank = !current.lines().isEmpty() && isLast(current.field());
                    yield true;
                }
                case TEXT -> acceptText(line.value());
                case NOTE -> skip();
                case RULE, NEW_EXAMPLE -> !isLast(current.field()) && skip();
                case UNKNOWN_LABEL -> {
                    // A third sub-context: the split is not the one asked for, the question still is.
                    splitBroken = true;
                    yield skip();
                }
                case LABEL -> throw new AssertionError("handled above");
            };
        }

        private boolean acceptLabel(CstLine line) {
            if (segments.isEmpty()) {
                implicitQuestion = AnswerText.lastQuestionLike(preamble);
            }
            if (skipping && seen.contains(line.field())) {
                // A field repeated after chatter is a further example, not a correction.
                return false;
            }
            seen.add(line.field());
            current = new Segment(line.field(), new ArrayList<>());
            segments.add(current);
            if (!line.value().isBlank()) {
                current.lines().add(line.value());
            }
            skipping = false;
            pendingBlank = false;
            return true;
        }

        private boolean acceptText(String text) {
            if (pendingBlank) {
                return skip();
            }
            current.lines().add(text);
            return true;
        }

        private boolean skip() {
            skipping = true;
            pendingBlank = false;
            return true;
        }

        /**
         * Whether {@code field} would complete the answer, so that chatter may end it. Context 1
         * never qualifies in the usual order: it always ends at the Context 2 label, which lets
         * it span paragraphs.
         */
        private boolean isLast(Field field) {
            for (Field other : Field.values()) {
                boolean present = seen.contains(other)
                        || (other == Field.QUESTION && implicitQuestion != null);
                if (other != field && !present) {
                    return false;
                }
            }
            return true;
        }

        ParsedCst result() {
            String question = question();
            if (splitBroken) {
                return new ParsedCst(question, "", "");
            }
            return new ParsedCst(question, subContext(Field.CONTEXT_1), subContext(Field.CONTEXT_2));
        }

        private String question() {
            List<String> given = values(Field.QUESTION);
            if (given.size() > 1) {
                throw new CstParseException("'" + Field.QUESTION.label + "' given twice with different values");
            }
            String question = given.isEmpty() ? null : given.get(0);
            if (question == null) {
                question = segments.isEmpty() ? unlabelledQuestion() : implicitQuestion;
            }
            if (question == null) {
                throw new CstParseException("no question");
            }
            if (question.isEmpty()) {
                throw new CstParseException("empty question");
            }
            if (AnswerText.isPlaceholder(question)) {
                throw new CstParseException("placeholder question '" + question + "'");
            }
            return question;
        }

        /**
         * With no label at all, the answer is the question alone when it reads as one: the prompt
         * ended with the question label, and the model stopped after the question.
         */
        private String unlabelledQuestion() {
            String line = AnswerText.lastQuestionLike(preamble);
            return line != null && (line.endsWith("?") || line.endsWith("？")) ? line : null;
        }

        /** The sub-context's value; empty when the answer gives none, or two, or a placeholder. */
        private String subContext(Field field) {
            List<String> given = values(field);
            return given.size() != 1 || AnswerText.isPlaceholder(given.get(0)) ? "" : given.get(0);
        }

        /** The field's distinct cleaned values, in order: none when it has no label, two when repeats disagree. */
        private List<String> values(Field field) {
            List<String> values = new ArrayList<>(1);
            for (Segment segment : segments) {
                String value = segment.field() == field ? clean(segment.lines()) : null;
                if (value != null && !values.contains(value)) {
                    values.add(value);
                }
            }
            return values;
        }
    }

    /**
     * Joins a value's lines and removes what models wrap values in (bold, quotes). Line breaks
     * inside a sub-context are the model's formatting, not the text's, so they become a space,
     * or nothing between Chinese characters, which are written without spaces.
     */
    private static String clean(List<String> lines) {
        StringBuilder joined = new StringBuilder();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (joined.length() > 0 && needsSpace(joined.charAt(joined.length() - 1), line.charAt(0))) {
                joined.append(' ');
            }
            joined.append(line);
        }
        return AnswerText.unwrap(joined.toString());
    }

    private static boolean needsSpace(char before, char after) {
        return !(isCjk(before) && isCjk(after)) && !isCjkPunctuation(before)
                && !isCjkPunctuation(after);
    }

    private static boolean isCjk(char ch) {
        return Character.UnicodeScript.of(ch) == Character.UnicodeScript.HAN || isCjkPunctuation(ch);
    }

    private static boolean isCjkPunctuation(char ch) {
        Character.UnicodeBlock block = Character.UnicodeBlock.of(ch);
        return block == Character.UnicodeBlock.CJK_SYMBOLS_AND_PUNCTUATION
                || (block == Character.UnicodeBlock.HALFWIDTH_AND_FULLWIDTH_FORMS
                        && !Character.isLetterOrDigit(ch));
    }
}
