package io.augcon.core.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * jieba's word dictionary ({@code dict.txt} in the jieba-analysis jar) as a read-only trie of
 * primitive arrays, giving each word the log probability jieba-analysis 1.0.2 gives it.
 *
 * <p>What is reproduced, as read in that version's {@code WordDictionary}: a line is cut at runs
 * of spaces and tabs and needs a word and a count; the word is trimmed and lower-cased; every
 * line's count adds to the total, and a word listed twice (after lower-casing: "B超" and "b超"
 * are both in the file) keeps its last count. A word's log probability is
 * {@code Math.log(count / total)} and a string that is no word gets the smallest of them. The
 * one deliberate difference: words are lower-cased in {@link Locale#ROOT}, where jieba uses the
 * JVM's default locale; the two differ only for Turkish, Azeri and Lithuanian defaults.
 *
 * <p>Why not jieba's own: its trie keys every child by a boxed {@code Character} and its
 * probabilities are boxed {@code Double}s in a {@code HashMap}, so a lookup allocates and
 * chases pointers, and its load took 1 to 11 s on the project's 2-core machine. Here the nodes
 * ({@link ChineseTrieBuilder}) are numbered breadth first, so the children of node {@code k} are the consecutive nodes from
 * {@code firstChild[k]} to {@code firstChild[k + 1]}, sorted by character; the root's children
 * are found through a table of all 65,536 chars. Immutable once built, so any number of threads
 * read it without locks.
 */
final class ChineseDictionary {
    /** {@link #logProbability} of a node that ends no word. */
    static final double NOT_A_WORD = Double.NaN;

    /** No node: {@link #root} or {@link #child} found no word going on that way. */
    static final int NONE = -1;

    /** Node reached from the root by each char, or {@link #NONE}. */
    private final int[] rootChild;
    /** Children of node k are nodes firstChild[k] until firstChild[k + 1]. */
    private final int[] firstChild;
    /** The char on the edge into each node; within one parent's children, ascending. */
    private final char[] label;
    /** Log probability of the word ending at each node, or {@link #NOT_A_WORD}. */
    private final double[] logProbability;
    private final double unknownLogProbability;
    private final int words;

    ChineseDictionary(int[] rootChild, int[] firstChild, char[] label, double[] logProbability,
            double unknownLogProbability, int words) {
        this.rootChild = rootChild;
        this.firstChild = firstChild;
        this.label = label;
        this.logProbability = logProbability;
        this.unknownLogProbability = unknownLogProbability;
        this.words = words;
    }

    /** The node of the one-char string {@code c}, or a negative number when no word starts with it. */
    int root(char c) {
        return rootChild[c];
    }

    /** The node one {@code c} further than {@code node}, or a negative number when no word goes on so. */
    int child(int node, char c) {
        int lo = firstChild[node];
        int hi = firstChild[node + 1] - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            char at = label[mid];
            if (at < c) {
                lo = mid + 1;
            } else if (at > c) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return NONE;
    }

    /** The log probability of the word that ends at {@code node}, or {@link #NOT_A_WORD} (NaN). */
    double logProbability(int node) {
        return logProbability[node];
    }

    /** What jieba scores a string that is no word with: the smallest log probability of any word. */
    double unknownLogProbability() {
        return unknownLogProbability;
    }

    /** Whether {@code chars[from, to)} is a word; {@code from < to}. */
    boolean contains(char[] chars, int from, int to) {
        int node = root(chars[from]);
        for (int i = from + 1; i < to && node >= 0; i++) {
            node = child(node, chars[i]);
        }
        return node >= 0 && !Double.isNaN(logProbability[node]);
    }

    /** How many distinct words the dictionary holds. */
    int size() {
        return words;
    }

    /**
     * Reads {@code dict.txt} as jieba does (see the class comment).
     *
     * @param in   the file, UTF-8; closed here
     * @param name what to call it in an error
     */
    static ChineseDictionary read(InputStream in, String name) {
        char[] text;
        try (in) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8).toCharArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
        ChineseTrieBuilder trie = new ChineseTrieBuilder();
        double total = 0;
        // jieba keeps a line whose word trims to nothing under a null key: it names no word, but
        // its probability can still be the smallest.
        double blankWordCount = Double.NaN;
        int lineNumber = 0;
        for (int start = 0; start < text.length; ) {
            int end = start;
            while (end < text.length && text[end] != '\n' && text[end] != '\r') {
                end++;
            }
            lineNumber++;
            // the first two fields of line.split("[\t ]+"); a line that starts with a separator
            // has an empty first field, and one without a second field is skipped
            int wordEnd = skip(text, start, end, false);
            int countStart = skip(text, wordEnd, end, true);
            int countEnd = skip(text, countStart, end, false);
            if (countEnd > countStart) {
                double count = parseCount(text, countStart, countEnd, name, lineNumber);
                total += count;
                int from = start;
                int to = wordEnd;
                while (from < to && text[from] <= ' ') {
                    from++;
                }
                while (to > from && text[to - 1] <= ' ') {
                    to--;
                }
                if (from == to) {
                    blankWordCount = count;
                } else {
                    trie.put(lowerCase(text, from, to), count);
                }
            }
            // past "\n", "\r" or "\r\n", as BufferedReader.readLine
            start = end + (end + 1 < text.length && text[end] == '\r' && text[end + 1] == '\n' ? 2 : 1);
        }
        if (trie.words() == 0) {
            throw new IllegalStateException(name + " holds no word");
        }
        double unknown = Double.isNaN(blankWordCount) ? Double.MAX_VALUE : Math.log(blankWordCount / total);
        return trie.build(total, unknown);
    }

    /** The first index from {@code i} on whose char is ({@code separator}) or is not a space or tab. */
    private static int skip(char[] text, int i, int end, boolean separator) {
        while (i < end && (text[i] == ' ' || text[i] == '\t') == separator) {
            i++;
        }
        return i;
    }

    /** {@code text[from, to)} lower-cased; the chars themselves when none changes, as for almost every word. */
    private static char[] lowerCase(char[] text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text[i];
            if (Character.toLowerCase(c) != c || Character.isSurrogate(c)) {
                return new String(text, from, to - from).toLowerCase(Locale.ROOT).toCharArray();
            }
        }
        return Arrays.copyOfRange(text, from, to);
    }

    /** The count at {@code text[from, to)}: digits as a long (exact below 2^53), else as {@code Double.parseDouble}. */
    private static double parseCount(char[] text, int from, int to, String name, int lineNumber) {
        long digits = 0;
        boolean plain = to - from <= 15;
        for (int i = from; i < to && plain; i++) {
            plain = text[i] >= '0' && text[i] <= '9';
            digits = digits * 10 + (text[i] - '0');
        }
        double count;
        if (plain) {
            count = digits;
        } else {
            String field = new String(text, from, to - from);
            try {
                count = Double.parseDouble(field);
            } catch (NumberFormatException e) {
                throw new IllegalStateException("line " + lineNumber + " of " + name + ": count `" + field
                        + "` is not a number", e);
            }
        }
        if (!(count >= 0)) {
            throw new IllegalStateException("line " + lineNumber + " of " + name + ": count "
                    + new String(text, from, to - from) + " is not a count (negative or NaN)");
        }
        return count;
    }
}
