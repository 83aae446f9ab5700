package io.augcon.core.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The English half of {@link Tokenizer}: one pass over the code points, no regular expression,
 * because it runs on every candidate query and every context the filter and the hallucination
 * check look at.
 */
final class EnglishWords {

    private EnglishWords() {
    }

    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (isWordChar(cp)) {
                word.appendCodePoint(cp);
            } else if (word.length() > 0 && joinsWord(cp, word, text, next)) {
                word.append(fold(cp));
            } else {
                flush(word, out);
            }
            i = next;
        }
        flush(word, out);
        return out;
    }

    /**
     * An apostrophe or hyphen between two word characters stays inside the word; so does a
     * point between two digits, so that "3.5" is one number rather than two.
     */
    private static boolean joinsWord(int cp, StringBuilder word, String text, int next) {
        if (next >= text.length()) {
            return false;
        }
        int after = text.codePointAt(next);
        if (isApostrophe(cp) || isHyphen(cp)) {
            return isWordChar(after);
        }
        return cp == '.' && Character.isDigit(after)
                && Character.isDigit(word.charAt(word.length() - 1));
    }

    private static boolean isWordChar(int cp) {
        if (Character.isLetterOrDigit(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        // Combining accents (a decomposed "café") belong to the letter before them.
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
    }

    private static boolean isApostrophe(int cp) {
        return cp == '\'' || cp == '\u2019';
    }

    private static boolean isHyphen(int cp) {
        return cp == '-' || cp == '\u2010' || cp == '\u2011';
    }

    private static char fold(int cp) {
        if (isApostrophe(cp)) {
            return '\'';
        }
        return isHyphen(cp) ? '-' : (char) cp;
    }

    private static void flush(StringBuilder word, List<String> out) {
        if (word.length() > 0) {
            out.add(word.toString().toLowerCase(Locale.ROOT));
            word.setLength(0);
        }
    }
}
