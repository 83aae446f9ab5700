package io.augcon.core.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * How jieba cuts a run of characters that the dictionary left as single characters: Chinese
 * characters by a hidden Markov model over the word-position states Begin, Middle, End and
 * Single, everything else (Latin letters, digits, the connectors {@code +#&._-}) into numbers,
 * letter-and-digit runs and what lies between. The same cuts as jieba-analysis 1.0.2's
 * {@code FinalSeg}, read in its bytecode, including its tie-breaking, so that the tokens are
 * identical; the emission probabilities are its {@code prob_emit.txt}, and the start and
 * transition probabilities below are its model's numbers.
 *
 * <p>Why not jieba's own: it keeps every probability and every Viterbi cell as a boxed
 * {@code Double} in a {@code HashMap} keyed by a boxed {@code Character}, and splits the
 * non-Chinese part with a regular expression. Here the emissions are one array indexed by char
 * and state, and a call allocates two arrays for its Viterbi table. Immutable once read.
 */
final class ChineseHmm {
    private static final int BEGIN = 0;
    private static final int MIDDLE = 1;
    private static final int END = 2;
    private static final int SINGLE = 3;
    private static final int STATES = 4;
    /** Stands for log 0: jieba's score of an emission or transition its model does not have. */
    private static final double IMPOSSIBLE = -3.14e100;

    /** Log probability of the first char's state, by state. */
    private static final double[] START = {-0.26268660809250016, IMPOSSIBLE, IMPOSSIBLE, -1.4652633398537678};
    /**
     * The two states each state may follow, in the order jieba tries them: a later one wins a
     * tie. Middle follows Middle or Begin, End follows Begin or Middle, Begin follows End or
     * Single, Single follows Single or End.
     */
    private static final int[][] PREVIOUS = {{END, SINGLE}, {MIDDLE, BEGIN}, {BEGIN, MIDDLE}, {SINGLE, END}};
    /** Log probability of each move, [from][to]. */
    private static final double[][] TRANSITION = {
            {IMPOSSIBLE, -0.916290731874155, -0.51082562376599, IMPOSSIBLE},
            {IMPOSSIBLE, -1.2603623820268226, -0.33344856811948514, IMPOSSIBLE},
            {-0.5897149736854513, IMPOSSIBLE, IMPOSSIBLE, -0.8085250474669937},
            {-0.7211965654669841, IMPOSSIBLE, IMPOSSIBLE, -0.6658631448798212},
    };

    /**
     * Log probability that state s emits the Chinese char c, at [(c - U+4E00) * STATES + s].
     * Only Chinese chars reach the model, so the file's few others are not kept.
     */
    private final double[] emission;

    private ChineseHmm(double[] emission) {
        this.emission = emission;
    }

    /**
     * Reads {@code prob_emit.txt}: a line with one field names a state (B, M, E or S), and each
     * following line "char TAB log-probability" is an emission of that state.
     *
     * @param in   the file, UTF-8; closed here
     * @param name what to call it in an error
     */
    static ChineseHmm read(InputStream in, String name) {
        String text;
        try (in) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
        double[] emission = new double[('\u9fa5' - '\u4e00' + 1) * STATES];
        Arrays.fill(emission, IMPOSSIBLE);
        boolean[] seen = new boolean[STATES];
        // the state whose emissions the lines give: -2 before the first state line, -1 after a
        // state name jieba keeps but never uses
        int state = -2;
        int lineNumber = 0;
        for (String line : text.split("\r\n|\r|\n")) {
            lineNumber++;
            int tab = line.indexOf('\t');
            if (onlyTabsFrom(line, tab)) {
                if (line.isEmpty()) {
                    throw new IllegalStateException("line " + lineNumber + " of " + name + " is empty");
                }
                state = "BMES".indexOf(line.charAt(0));
                if (state >= 0 && seen[state]) {
                    // jieba starts the state's table afresh when its name comes again
                    for (int i = state; i < emission.length; i += STATES) {
                        emission[i] = IMPOSSIBLE;
                    }
                }
                if (state >= 0) {
                    seen[state] = true;
                }
                continue;
            }
            if (state == -2 || tab == 0) {
                throw new IllegalStateException("line " + lineNumber + " of " + name
                        + ": expected a state name or \"char<TAB>log-probability\" after one, found `" + line + "`");
            }
            int valueEnd = line.indexOf('\t', tab + 1);
            String value = line.substring(tab + 1, valueEnd < 0 ? line.length() : valueEnd);
            double probability;
            try {
                probability = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalStateException("line " + lineNumber + " of " + name + ": `" + value
                        + "` is not a number", e);
            }
            if (state >= 0 && isChinese(line.charAt(0))) {
                emission[(line.charAt(0) - '\u4e00') * STATES + state] = probability;
            }
        }
        for (int s = 0; s < STATES; s++) {
            if (!seen[s]) {
                throw new IllegalStateException(name + " has no emissions for state " + "BMES".charAt(s));
            }
        }
        return new ChineseHmm(emission);
    }

    /** Whether {@code line.split("\t")} gives one field: no tab from {@code tab} on is followed by anything else. */
    private static boolean onlyTabsFrom(String line, int tab) {
        if (tab < 0) {
            return true;
        }
        for (int i = tab; i < line.length(); i++) {
            if (line.charAt(i) != '\t') {
                return false;
            }
        }
        return true;
    }

    /** Whether jieba's model treats {@code c} as a Chinese character: U+4E00 to U+9FA5. */
    static boolean isChinese(char c) {
        return c >= '\u4e00' && c <= '\u9fa5';
    }

    /**
     * Adds the words of {@code chars[from, to)} to {@code out}: each run of Chinese characters
     * as the model cuts it, each other run by {@link #cutOther}.
     */
    void cut(char[] chars, int from, int to, List<String> out) {
        int runStart = from;
        for (int i = from + 1; i <= to; i++) {
            if (i == to || isChinese(chars[i]) != isChinese(chars[runStart])) {
                if (isChinese(chars[runStart])) {
                    viterbi(chars, runStart, i, out);
                } else {
                    cutOther(chars, runStart, i, out);
                }
                runStart = i;
            }
        }
    }

    /** The most probable states of {@code chars[from, to)}, all Chinese, and the words they mark. */
    private void viterbi(char[] chars, int from, int to, List<String> out) {
        int n = to - from;
        double[] score = new double[n * STATES];
        byte[] previous = new byte[n * STATES];
        int first = (chars[from] - '\u4e00') * STATES;
        for (int s = 0; s < STATES; s++) {
            score[s] = START[s] + emission[first + s];
        }
        for (int t = 1; t < n; t++) {
            int row = t * STATES;
            int before = row - STATES;
            int emitted = (chars[from + t] - '\u4e00') * STATES;
            for (int s = 0; s < STATES; s++) {
                double emit = emission[emitted + s];
                int a = PREVIOUS[s][0];
                int b = PREVIOUS[s][1];
                // jieba adds the emission to the previous score first, then the transition; the
                // same order keeps every sum, and so every tie, bit for bit.
                double best = TRANSITION[a][s] + (emit + score[before + a]);
                int came = a;
                double other = TRANSITION[b][s] + (emit + score[before + b]);
                if (best <= other) {
                    best = other;
                    came = b;
                }
                score[row + s] = best;
                previous[row + s] = (byte) came;
            }
        }
        int last = (n - 1) * STATES;
        int state = score[last + END] < score[last + SINGLE] ? SINGLE : END;
        byte[] states = new byte[n];
        for (int t = n - 1; t >= 0; t--) {
            states[t] = (byte) state;
            state = previous[t * STATES + state];
        }
        // The path ends in End or Single, so every char lands in a word; a path may still start
        // in Middle or End (their start score is tiny, not minus infinity), and then the first
        // word starts at the run's start, as in jieba.
        int begin = 0;
        for (int t = 0; t < n; t++) {
            switch (states[t]) {
                case BEGIN -> begin = t;
                case END -> out.add(new String(chars, from + begin, t + 1 - begin));
                case SINGLE -> out.add(new String(chars, from + t, 1));
                default -> {
                }
            }
        }
    }

    /**
     * Cuts a run without Chinese characters as jieba's pattern {@code \d+\.\d+|[a-zA-Z0-9]+}
     * does, scanning left to right: a decimal number, else a run of ASCII letters and digits,
     * and each stretch between matches (connectors such as "+#") as one word.
     */
    static void cutOther(char[] chars, int from, int to, List<String> out) {
        int last = from;
        int i = from;
        while (i < to) {
            if (!isAsciiLetterOrDigit(chars[i])) {
                i++;
                continue;
            }
            int end = decimalEnd(chars, i, to);
            if (end < 0) {
                end = i + 1;
                while (end < to && isAsciiLetterOrDigit(chars[end])) {
                    end++;
                }
            }
            if (i > last) {
                out.add(new String(chars, last, i - last));
            }
            out.add(new String(chars, i, end - i));
            last = end;
            i = end;
        }
        if (last < to) {
            out.add(new String(chars, last, to - last));
        }
    }

    /** The end of digits, a point and digits starting at {@code i}, or -1 when none starts there. */
    private static int decimalEnd(char[] chars, int i, int to) {
        int point = i;
        while (point < to && isDigit(chars[point])) {
            point++;
        }
        if (point == i || point + 1 >= to || chars[point] != '.' || !isDigit(chars[point + 1])) {
            return -1;
        }
        int end = point + 1;
        while (end < to && isDigit(chars[end])) {
            end++;
        }
        return end;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isAsciiLetterOrDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
