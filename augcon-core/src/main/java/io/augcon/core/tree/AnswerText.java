package io.augcon.core.tree;

import io.augcon.core.tree.CstLine.Kind;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What every CST answer parser does with the text around the labels, so the rewrite and the
 * numbered layout read it alike: recognising chatter, finding the question a model wrote without
 * its label (the prompt ended with that label), and taking off what models wrap values in.
 */
final class AnswerText {

    private static final String[] CHATTER_OPENINGS = {"sure", "certainly", "of course", "okay",
        "ok,", "here is", "here's", "here are", "below is", "好的", "当然", "以下是", "下面是"};

    private static final String[][] WRAPPERS = {{"**", "**"}, {"__", "__"}, {"\"", "\""},
        {"\u201c", "\u201d"}, {"\u300c", "\u300d"}, {"\u300e", "\u300f"}, {"\u2018", "\u2019"}};

    private static final String[] BOLD_MARKERS = {"**", "__"};

    /**
     * What models write in a field they have nothing for, compared after {@link #unwrap}, without
     * case and without trailing punctuation. Seen most on one-sentence contexts, which the model
     * hands back whole as the first part and marks the second as having nothing.
     */
    private static final Set<String> PLACEHOLDERS = Set.of("n/a", "na", "n.a", "none", "null", "nil", "empty",
            "nothing", "not applicable", "no context", "no second context", "no further split", "-", "--", "—",
            "…", "...", "无", "空", "没有", "暂无", "不适用", "无内容", "（无）", "(无)", "无上下文", "不可再分", "无法拆分");

    /** Brackets that, around a whole value, make it a remark to the reader ("(empty)", "（无）") rather than text. */
    private static final String[][] REMARK_BRACKETS = {{"(", ")"}, {"（", "）"}, {"[", "]"}, {"【", "】"}, {"<", ">"}};

    private AnswerText() {
    }

    /**
     * The question when the answer starts with it, unlabelled: the last line before the first
     * label that is not a line of chatter ("Sure! Here is the output:"), an echo of the
     * context, or a separator. Null when there is none.
     */
    static String lastQuestionLike(List<CstLine> preamble) {
        for (int i = preamble.size() - 1; i >= 0; i--) {
            CstLine line = preamble.get(i);
            if (line.kind() == Kind.BLANK) {
                continue;
            }
            if (line.kind() != Kind.TEXT || isChatter(line.value())) {
                return null;
            }
            String question = unwrap(line.value());
            return question.isEmpty() ? null : question;
        }
        return null;
    }

    /** An opening line such as "Sure! Here is the output": never the question itself. */
    static boolean isChatter(String line) {
        if (line.endsWith(":") || line.endsWith("：")) {
            return true;
        }
        for (String opening : CHATTER_OPENINGS) {
            if (line.regionMatches(true, 0, opening, 0, opening.length())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Strips wrappers around the whole value, repeatedly ({@code **"..."**}), but only when the
     * inside holds no further closing mark, so that {@code "A" and "B"} keeps its quotes. A bold
     * marker left over from a label like {@code **Question: text**} goes too.
     */
    static String unwrap(String value) {
        String v = value.strip();
        boolean changed = true;
        while (changed && !v.isEmpty()) {
            changed = false;
            for (String[] w : WRAPPERS) {
                if (v.length() >= w[0].length() + w[1].length() && v.startsWith(w[0]) && v.endsWith(w[1])) {
                    String inside = v.substring(w[0].length(), v.length() - w[1].length());
                    if (!inside.contains(w[1]) && !inside.contains(w[0])) {
                        v = inside.strip();
                        changed = true;
                    }
                }
            }
            for (String marker : BOLD_MARKERS) {
                if (count(v, marker) == 1 && (v.startsWith(marker) || v.endsWith(marker))) {
                    v = (v.startsWith(marker) ? v.substring(2) : v.substring(0, v.length() - 2)).strip();
                    changed = true;
                }
            }
        }
        return v;
    }

    /**
     * Whether a field's cleaned value says there is nothing in it rather than giving it: "N/A",
     * "none", "无", "-", or any remark wholly in brackets ("(empty)", "（此句无法再分）"). A
     * sub-context never reads like that, and a question never should.
     */
    static boolean isPlaceholder(String value) {
        String v = value.strip();
        for (String[] b : REMARK_BRACKETS) {
            if (v.length() >= 2 && v.startsWith(b[0]) && v.endsWith(b[1])
                    && v.indexOf(b[1]) == v.length() - b[1].length()) {
                return true;
            }
        }
        int end = v.length();
        while (end > 0 && ".。!！".indexOf(v.charAt(end - 1)) >= 0) {
            end--;
        }
        String bare = v.substring(0, end).strip().toLowerCase(Locale.ROOT);
        return bare.isEmpty() ? !v.isEmpty() : PLACEHOLDERS.contains(bare);
    }

    private static int count(String s, String marker) {
        int n = 0;
        for (int i = s.indexOf(marker); i >= 0; i = s.indexOf(marker, i + marker.length())) {
            n++;
        }
        return n;
    }
}
