package io.augcon.core.corpus;

import io.augcon.api.Language;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Finds sentence boundaries, the only places where the method may cut a root context.
 *
 * <p>Cutting mid-sentence would hand the LLM a context whose first or last fact is incomplete,
 * and the questions made from it would be unanswerable from the context. So the rules lean
 * towards not splitting when in doubt: an unsplit sentence only makes a chunk shorter.
 *
 * <ul>
 *   <li>Chinese marks 。！？ and the ellipsis …… always end a sentence, in either language.
 *   <li>English . ! ? … end one when followed by whitespace (or the end of the text), unless the
 *       next word starts in lower case ("e.g. the", "Wait... what"), or a lone period belongs to
 *       an abbreviation ("Dr.", "e.g.", "Jan."), an initial ("J. K. Rowling") or a list number.
 *       Abbreviations that often close a sentence ("etc.", "Inc.", "p.m.") end one before a
 *       capital. "3.5" and "v1.2.3" have no whitespace after the period and never split.
 *   <li>With {@link Language#ZH} rules, ASCII periods, as they appear in mixed text, end a
 *       sentence only before whitespace and a capital letter or a Han character; ASCII ! and ?
 *       also end one directly before a Han character.
 *   <li>Closing quotes and brackets right after the mark belong to the sentence.
 * </ul>
 *
 * <pre>{@code
 * for (TextSpan s : SentenceSplitter.sentences(text, Language.EN)) {
 *     System.out.println(s.of(text));
 * }
 * }</pre>
 */
public final class SentenceSplitter {

    private SentenceSplitter() {
    }

    /**
     * The sentences of {@code text} under the rules of {@code language}: spans in order, not
     * overlapping, trimmed of whitespace, and together covering every non-whitespace character
     * (text after the last mark is a final sentence).
     */
    public static List<TextSpan> sentences(String text, Language language) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(language, "language");
        List<TextSpan> spans = new ArrayList<>();
        int sentenceStart = 0;
        int i = 0;
        while (i < text.length()) {
            if (!isTerminal(text.charAt(i))) {
                i++;
                continue;
            }
            int runEnd = skipTerminals(text, i);
            int boundary = skipClosers(text, runEnd);
            if (endsSentence(text, i, runEnd, boundary, language)) {
                TextSpan.addTrimmed(spans, text, sentenceStart, boundary);
                sentenceStart = boundary;
            }
            i = boundary;
        }
        TextSpan.addTrimmed(spans, text, sentenceStart, text.length());
        return spans;
    }

    /**
     * Whether a sentence ends exactly at {@code boundary}, judged by the marks just before it and
     * the text after it; used to tell a hard-wrapped line from a paragraph's last line.
     */
    static boolean endsSentenceAt(String text, int boundary, Language language) {
        int runEnd = boundary;
        while (runEnd > 0 && isCloser(text.charAt(runEnd - 1))) {
            runEnd--;
        }
        int runStart = runEnd;
        while (runStart > 0 && isTerminal(text.charAt(runStart - 1))) {
            runStart--;
        }
        return runStart < runEnd && skipClosers(text, runEnd) == boundary
                && endsSentence(text, runStart, runEnd, boundary, language);
    }

    private static boolean endsSentence(String text, int runStart, int runEnd, int boundary, Language language) {
        if (hasChineseStop(text, runStart, runEnd)) {
            return true;
        }
        int next = skipWhitespace(text, boundary);
        if (next == text.length()) {
            return true;
        }
        char following = text.charAt(next);
        boolean periodsOnly = periodsOnly(text, runStart, runEnd);
        if (next == boundary) {
            return !periodsOnly && Cjk.isIdeograph(following);
        }
        if (Character.isLowerCase(following)) {
            return false;
        }
        if (runEnd - runStart == 1 && text.charAt(runStart) == '.'
                && !Abbreviations.periodMayEnd(text, runStart, following)) {
            return false;
        }
        return language == Language.EN || !periodsOnly
                || Character.isUpperCase(following) || Cjk.isIdeograph(following);
    }

    static boolean isTerminal(char c) {
        return c == '.' || c == '!' || c == '?' || c == '…' || c == '。' || c == '！' || c == '？';
    }

    static boolean isCloser(char c) {
        return "\"'”’」』）)》〉】]".indexOf(c) >= 0;
    }

    private static boolean hasChineseStop(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '。' || c == '！' || c == '？' || (c == '…' && i + 1 < to && text.charAt(i + 1) == '…')) {
                return true;
            }
        }
        return false;
    }

    private static boolean periodsOnly(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c != '.' && c != '…') {
                return false;
            }
        }
        return true;
    }

    private static int skipTerminals(String text, int from) {
        int i = from;
        while (i < text.length() && isTerminal(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int skipClosers(String text, int from) {
        int i = from;
        while (i < text.length() && isCloser(text.charAt(i))) {
            i++;
        }
        return i;
    }

    static int skipWhitespace(CharSequence text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
