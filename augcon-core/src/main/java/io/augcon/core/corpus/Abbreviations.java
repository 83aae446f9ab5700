package io.augcon.core.corpus;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * English words written with a period that is not (or not always) a full stop. Decides, for a
 * single period followed by whitespace and a non-lower-case character, whether the period may end
 * a sentence.
 */
final class Abbreviations {

    /** Longer tokens are words, not abbreviations; bounds the backward scan. */
    private static final int MAX_TOKEN = 12;

    private enum Kind {
        /** Stands before something (a name, a number, an example): never ends a sentence. */
        PREFIX,
        /** Stands after something and often closes a sentence: ends one before a capital. */
        SUFFIX
    }

    /**
     * Keys in lower case match in any case ("E.g." opening a sentence); capitalised keys match
     * exactly, so the words "no", "fig" or "mar" still end sentences.
     */
    private static final Map<String, Kind> KINDS = new HashMap<>();

    static {
        for (String prefix : new String[] {
            "Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "St", "Rev", "Hon", "Gen", "Col", "Capt", "Lt",
            "Sgt", "Gov", "Sen", "Rep", "Mt", "Ft", "No", "Nos", "Fig", "Figs", "Eq", "Eqs", "Vol",
            "Vols", "Ch", "Sec", "Art", "Ref", "Refs", "Dept", "Jan", "Feb", "Mar", "Apr", "Jun",
            "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "U.S", "U.K", "U.N", "E.U",
            "e.g", "i.e", "vs", "cf", "viz", "approx", "ca", "pp"}) {
            KINDS.put(prefix, Kind.PREFIX);
        }
        for (String suffix : new String[] {
            "etc", "a.m", "p.m", "al", "Inc", "Ltd", "Co", "Corp", "Jr", "Sr", "Ph.D", "Esq", "Bros"}) {
            KINDS.put(suffix, Kind.SUFFIX);
        }
    }

    private Abbreviations() {
    }

    /**
     * Whether the period at {@code period} may end a sentence, given the first non-whitespace
     * character after it.
     */
    static boolean periodMayEnd(String text, int period, char following) {
        int tokenStart = period;
        while (tokenStart > 0 && isTokenChar(text.charAt(tokenStart - 1))) {
            tokenStart--;
            if (period - tokenStart > MAX_TOKEN) {
                return true;
            }
        }
        String token = text.substring(tokenStart, period);
        if (token.isEmpty()) {
            return true;
        }
        if (isInitials(token) || isListNumber(text, tokenStart, token)) {
            return false;
        }
        Kind kind = KINDS.getOrDefault(token, KINDS.get(token.toLowerCase(Locale.ROOT)));
        if (kind == Kind.PREFIX) {
            return false;
        }
        return kind != Kind.SUFFIX || Character.isUpperCase(following) || Cjk.isIdeograph(following);
    }

    private static boolean isTokenChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.';
    }

    /**
     * "J" of "J. K. Rowling" or "J.K": single capitals, dot-separated. "I" alone is left out,
     * since the pronoun ends sentences ("so did I.") far more often than an initial I does.
     */
    private static boolean isInitials(String token) {
        if (token.equals("I")) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            boolean ok = i % 2 == 0 ? Character.isUpperCase(c) : c == '.';
            if (!ok) {
                return false;
            }
        }
        return token.length() % 2 == 1;
    }

    /** "1." opening a line is a list marker, not a sentence of its own. */
    private static boolean isListNumber(String text, int tokenStart, String token) {
        if (token.length() > 3 || !token.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        for (int i = tokenStart - 1; i >= 0; i--) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                return true;
            }
            if (!Character.isWhitespace(c)) {
                return false;
            }
        }
        return true;
    }
}
