package io.augcon.core.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

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
 * are numbered breadth first, so the children of node {@code k} are the consecutive nodes from
 * {@code firstChild[k]} to {@code firstChild[k + 1]}, sorted by character; the root's children
 * are found through a table of all 65,536 chars. Immutable once built, so any number of threads
 * read it without locks.
 */
final class ChineseDictionary {
    /** {@link #logProbability} of a node that ends no word. */
    static final double NOT_A_WORD = Double.NaN;

    private static final int NONE = -1;

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

    private ChineseDictionary(int[] rootChild, int[] firstChild, char[] label, double[] logProbability,
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
        String text;
        try (in) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
        Map<String, Double> counts = new HashMap<>(600_000);
        double total = 0;
        // jieba keeps a line whose word trims to nothing under a null key: it names no word but
        // its probability can still be the smallest.
        double blankWordCount = Double.NaN;
        int lineNumber = 0;
        for (int start = 0; start < text.length(); ) {
            int end = lineEnd(text, start);
            lineNumber++;
            String[] fields = firstTwoFields(text, start, end);
            if (fields != null) {
                double count = parseCount(fields[1], name, lineNumber);
                total += count;
                String word = fields[0].trim();
                if (word.isEmpty()) {
                    blankWordCount = count;
                } else {
                    counts.put(word.toLowerCase(Locale.ROOT), count);
                }
            }
            start = nextLine(text, end);
        }
        if (counts.isEmpty()) {
            throw new IllegalStateException(name + " holds no word");
        }
        double unknown = Double.isNaN(blankWordCount) ? Double.MAX_VALUE : Math.log(blankWordCount / total);
        String[] sorted = counts.keySet().toArray(new String[0]);
        Arrays.sort(sorted);
        double[] logs = new double[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            logs[i] = Math.log(counts.get(sorted[i]) / total);
            unknown = Math.min(unknown, logs[i]);
        }
        return build(sorted, logs, unknown);
    }

    private static int lineEnd(String text, int start) {
        int i = start;
        while (i < text.length() && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
            i++;
        }
        return i;
    }

    /** Past the line break at {@code end}: "\n", "\r" or "\r\n", as {@code BufferedReader.readLine}. */
    private static int nextLine(String text, int end) {
        if (end < text.length() && text.charAt(end) == '\r') {
            end++;
            return end < text.length() && text.charAt(end) == '\n' ? end + 1 : end;
        }
        return end + 1;
    }

    /**
     * The first two fields of {@code line.split("[\t ]+")}, or null when that split gives fewer
     * than two: a line that starts with a separator has an empty first field, and separators at
     * the end give no field.
     */
    private static String[] firstTwoFields(String text, int start, int end) {
        int firstEnd = start;
        while (firstEnd < end && !isSeparator(text.charAt(firstEnd))) {
            firstEnd++;
        }
        int second = firstEnd;
        while (second < end && isSeparator(text.charAt(second))) {
            second++;
        }
        int secondEnd = second;
        while (secondEnd < end && !isSeparator(text.charAt(secondEnd))) {
            secondEnd++;
        }
        if (secondEnd == second) {
            return null;
        }
        return new String[] {text.substring(start, firstEnd), text.substring(second, secondEnd)};
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '\t';
    }

    private static double parseCount(String field, String name, int lineNumber) {
        double count;
        try {
            count = Double.parseDouble(field);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("line " + lineNumber + " of " + name + ": count `" + field
                    + "` is not a number", e);
        }
        if (!(count >= 0)) {
            throw new IllegalStateException("line " + lineNumber + " of " + name + ": count " + field
                    + " is not a count (negative or NaN)");
        }
        return count;
    }

    /**
     * The trie of {@code words} (sorted, distinct), breadth first. Node 0 is the root; a node
     * stands for the words {@code [from, to)} that share its {@code depth} first chars, and its
     * children split that range by the next char, which sorting made contiguous.
     */
    private static ChineseDictionary build(String[] words, double[] logs, double unknown) {
        int capacity = 1;
        for (String word : words) {
            capacity += word.length();
        }
        int[] from = new int[capacity];
        int[] to = new int[capacity];
        int[] depth = new int[capacity];
        int[] firstChild = new int[capacity + 1];
        char[] label = new char[capacity];
        double[] logProbability = new double[capacity];
        to[0] = words.length;
        int nodes = 1;
        for (int node = 0; node < nodes; node++) {
            int lo = from[node];
            int hi = to[node];
            int d = depth[node];
            logProbability[node] = NOT_A_WORD;
            if (lo < hi && words[lo].length() == d) {
                logProbability[node] = logs[lo];
                lo++;
            }
            firstChild[node] = nodes;
            while (lo < hi) {
                char c = words[lo].charAt(d);
                int groupEnd = lo + 1;
                while (groupEnd < hi && words[groupEnd].charAt(d) == c) {
                    groupEnd++;
                }
                label[nodes] = c;
                from[nodes] = lo;
                to[nodes] = groupEnd;
                depth[nodes] = d + 1;
                nodes++;
                lo = groupEnd;
            }
        }
        firstChild[nodes] = nodes;
        int[] rootChild = new int[Character.MAX_VALUE + 1];
        Arrays.fill(rootChild, NONE);
        for (int child = firstChild[0]; child < firstChild[1]; child++) {
            rootChild[label[child]] = child;
        }
        return new ChineseDictionary(rootChild, Arrays.copyOf(firstChild, nodes + 1), Arrays.copyOf(label, nodes),
                Arrays.copyOf(logProbability, nodes), unknown, words.length);
    }
}
