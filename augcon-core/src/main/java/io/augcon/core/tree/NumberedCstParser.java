package io.augcon.core.tree;

import io.augcon.api.internal.Knob;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the LLM's answer to the numbered-split prompt ({@link NumberedCstPrompt}): a question and
 * the number of the sentence after which the context splits.
 *
 * <pre>
 * Question: &lt;one question about the whole context&gt;
 * Split after: &lt;sentence number&gt;
 * </pre>
 *
 * <p>Lenient about what models do with that layout: labels in either language ({@code 问题},
 * {@code 切分位置}, {@code 分割}, "Split", "Split point") in bold, as headings or in brackets, with
 * ASCII or full-width colons; the number bare, bracketed ({@code [3]}), in words ("after
 * sentence 3", "between 3 and 4", {@code 第3句之后}, {@code 第三句}) or in full-width digits;
 * a bare number line without a label; chatter before and after; and no {@code Question:} label
 * when the answer starts with the question itself, since the prompt ends with that label.
 * "before sentence 4" means after 3.
 *
 * <p>A usable question is kept whatever happened to the split, as in {@link CstOutputParser}: the
 * question is what the call is for, and a model that names no point inside the context is saying
 * that it does not split. So on a context of two or more sentences every answer without a usable
 * split point keeps its question and reads as "after the last sentence" ({@code n}), the whole
 * context as the first part, which the tree ends as a degenerate split: no number ("Split after:
 * N/A", "无", no such line), and a number outside {@code 1..n-1} ({@code 0}, {@code n}, beyond
 * {@code n}, "before sentence 1"). It refuses, with a short reason, only what holds no usable
 * question: no question, an empty or placeholder one, an empty answer. With one sentence only the
 * question is read.
 *
 * <pre>{@code
 * NumberedCstParser.Parsed p = NumberedCstParser.parse("**Question:** Why do tides rise?\n**Split after:** sentence 2", 4);
 * p.splitAfter(); // 2
 * }</pre>
 */
final class NumberedCstParser {
    private static final String DECORATION = "^[\\s#>*_\\-•【\\[]*";
    private static final String LABEL_END = "\\s*[*_】\\]]*\\s*";
    private static final Pattern SPLIT = Pattern.compile(DECORATION
            + "(?:split(?:ting)?(?:\\s+(?:after|at|point|position))?|(?:切分|分割|拆分)(?:位置|点|处)?)"
            + LABEL_END + "[:：]?\\s*(.*)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern BARE_NUMBER = Pattern.compile("^[\\s*_\\[【(（]*([0-9０-９]+)[\\s*_\\]】)）.。]*$");
    private static final Pattern INLINE_SPLIT = Pattern.compile(
            "(?<=\\S)[ \t]*((?:\\*\\*)?(?:split after|切分位置)(?:\\*\\*)?[:：])", Pattern.CASE_INSENSITIVE);
    private static final String CHINESE_DIGITS = "零一二三四五六七八九";

    /**
     * What the answer said.
     *
     * @param question   the question about the whole context, never blank
     * @param splitAfter the last sentence of the first part (1-based): the last sentence of the
 *                   context when the answer gave no split point inside it, 0 for a one-sentence
 *                   context, which is asked for no split
     */
    public record Parsed(String question, int splitAfter) {
        public Parsed {
            if (question == null || question.isBlank()) {
                throw new IllegalArgumentException("question is blank");
            }
            Knob.atLeast("splitAfter", splitAfter, 0);
        }
    }

    private NumberedCstParser() {}

    /**
     * Parses one answer about a context of {@code sentenceCount} sentences.
     *
     * @throws CstParseException with a short reason when the answer holds no usable question
     */
    public static Parsed parse(String output, int sentenceCount) {
        Knob.atLeast("sentenceCount", sentenceCount, 1);
        if (output == null || output.isBlank()) {
            throw new CstParseException("empty output");
        }
        Parsed lines = null;
        try {
            lines = walk(output, sentenceCount);
            if (lines.splitAfter() < sentenceCount) {
                return lines;
            }
        } catch (CstParseException failure) {
            if (!INLINE_SPLIT.matcher(output).find()) {
                throw failure;
            }
        }
        // Both fields on one line ("Question: q Split after: 2"): tried only when the lines gave
        // no split point, because a question may itself contain the words "split after".
        String broken = INLINE_SPLIT.matcher(output).replaceAll("\n$1");
        if (broken.equals(output)) {
            return lines;
        }
        // The lines gave no split point, so they missed the label that the inline reading found.
        return walk(broken, sentenceCount);
    }

    /**
     * The question of an answer in the question-only layout (a {@code Question:} line, or the
     * question unlabelled since the prompt ends with the label): read as the answer about a
     * one-sentence context, which asks for the question only, so a split the model adds anyway
     * is ignored.
     *
     * @throws CstParseException when the answer holds no question
     */
    public static String question(String output) {
        return parse(output, 1).question();
    }

    private static Parsed walk(String output, int sentenceCount) {
        List<CstLine> preamble = new ArrayList<>();
        StringBuilder question = null;
        String split = null;
        boolean inQuestion = false;
        for (String raw : output.lines().toList()) {
            String line = raw.strip();
            CstLine classified = CstLine.classify(line);
            Matcher s = SPLIT.matcher(line);
            if (question == null && classified.kind() == CstLine.Kind.LABEL && classified.field() == CstLine.Field.QUESTION) {
                question = new StringBuilder(classified.value().strip());
                inQuestion = true;
            } else if (split == null && s.matches() && (s.group(1).isBlank() || number(s.group(1)) >= 0)) {
                split = s.group(1);
                inQuestion = false;
            } else if (split != null && split.isBlank() && !line.isEmpty()) {
                split = line;                                   // "## Split after" heading, value below
            } else if (split == null && question != null && BARE_NUMBER.matcher(line).matches()) {
                split = line;
                inQuestion = false;
            } else if (inQuestion && question.length() == 0 && !line.isEmpty()) {
                question.append(line);                          // "**Question**" heading, value below
            } else if (line.isEmpty()) {
                inQuestion = inQuestion && question.length() == 0;
            } else if (question == null && split == null) {
                preamble.add(classified);
            }
        }
        String asked = question != null ? AnswerText.unwrap(question.toString()) : AnswerText.lastQuestionLike(preamble);
        if (asked == null || asked.isBlank()) {
            throw new CstParseException(question != null ? "empty question" : "no 'Question' label");
        }
        if (AnswerText.isPlaceholder(asked)) {
            throw new CstParseException("placeholder question '" + asked + "'");
        }
        return new Parsed(asked, sentenceCount == 1 ? 0 : splitAfter(split, sentenceCount));
    }

    /** The split point in {@code value}, or {@code sentenceCount} (no split inside the context) when it gives none in {@code 1..sentenceCount-1}. */
    private static int splitAfter(String value, int sentenceCount) {
        int n = value == null ? -1 : number(value);
        if (n < 0) {
            return sentenceCount;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        int after = lower.contains("before") || value.contains("之前") || value.contains("前面") ? n - 1 : n;
        return after < 1 || after >= sentenceCount ? sentenceCount : after;
    }

    /** The first number in {@code text}: ASCII or full-width digits, or a Chinese numeral up to 99; -1 when none. */
    static int number(String text) {
        for (int i = 0; i < text.length(); i++) {
            int digit = digit(text.charAt(i));
            if (digit >= 0) {
                int value = 0;
                for (; i < text.length() && digit(text.charAt(i)) >= 0; i++) {
                    value = Math.min(1_000_000, value * 10 + digit(text.charAt(i)));
                }
                return value;
            }
            if (CHINESE_DIGITS.indexOf(text.charAt(i)) > 0 || text.charAt(i) == '十') {
                return chineseNumber(text, i);
            }
        }
        return -1;
    }

    private static int digit(char ch) {
        return ch >= '0' && ch <= '9' ? ch - '0' : ch >= '０' && ch <= '９' ? ch - '０' : -1;
    }

    /** 三 = 3, 十 = 10, 十二 = 12, 二十三 = 23. */
    private static int chineseNumber(String text, int start) {
        int tens = 0;
        int units = 0;
        for (int i = start; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '十') {
                tens = units == 0 ? 1 : units;
                units = 0;
            } else if (CHINESE_DIGITS.indexOf(ch) >= 0) {
                units = CHINESE_DIGITS.indexOf(ch);
            } else {
                break;
            }
        }
        return tens * 10 + units;
    }
}
