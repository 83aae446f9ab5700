package io.augcon.core.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CstOutputParserTest {

    private static final String Q = "Why is Philip Arnold Heseltine's reputation mixed?";
    private static final String C1 =
            "Philip Arnold Heseltine is best known as a composer of songs and other vocal music.";
    private static final String C2 = "Philip Arnold Heseltine also achieved notoriety in his "
            + "lifetime through his unconventional and often scandalous lifestyle.";

    private static final String ZQ = "大型细胞如何应对体积增长带来的挑战？";
    private static final String ZC1 = "细胞生长时，体积比表面积增长得更快。如果细胞变得很大，较小的表面积无法让足够的营养及时进入细胞。";
    private static final String ZC2 = "大型细胞有应对体积挑战的办法：一些白细胞会长出更多细胞核，代谢活跃的细胞则通过膜上的褶皱增加表面积。";

    static Stream<Arguments> englishLabelForms() {
        return Stream.of(
            en("plain", "Question: " + Q + "\nContext 1: " + C1 + "\nContext 2: " + C2),
            en("prompt layout with blank lines", "Question: " + Q + "\n\nContext 1: " + C1
                    + "\n\nContext 2: " + C2 + "\n"),
            en("bold labels, colon inside", "**Question:** " + Q + "\n\n**Context 1:** " + C1
                    + "\n\n**Context 2:** " + C2),
            en("bold labels, colon outside", "**Question**: " + Q + "\n**Context 1**: " + C1
                    + "\n**Context 2**: " + C2),
            en("underscore bold labels", "__Question:__ " + Q + "\n__Context 1:__ " + C1
                    + "\n__Context 2:__ " + C2),
            en("whole line in bold", "**Question: " + Q + "**\n**Context 1: " + C1
                    + "**\n**Context 2: " + C2 + "**"),
            en("markdown headings, value below", "## Question\n" + Q + "\n\n## Context 1\n" + C1
                    + "\n\n## Context 2\n\n" + C2 + "\n"),
            en("headings with colons", "### Question:\n" + Q + "\n### Context 1:\n" + C1
                    + "\n### Context 2:\n" + C2),
            en("full-width colons, no space, any case", "question：" + Q + "\ncontext1： " + C1
                    + "\nCONTEXT 2：" + C2),
            en("bracketed labels", "[Question]: " + Q + "\n[Context 1]: " + C1 + "\n[Context 2]: " + C2),
            en("dash list markers", "- Question: " + Q + "\n- Context 1: " + C1
                    + "\n- Context 2: " + C2),
            en("numbered list markers", "1. **Question:** " + Q + "\n2. **Context 1:** " + C1
                    + "\n3. **Context 2:** " + C2));
    }

    static Stream<Arguments> englishLayouts() {
        return Stream.of(
            en("preamble", "Sure! Here is the output for the given context:\n\nQuestion: " + Q
                    + "\n\nContext 1: " + C1 + "\n\nContext 2: " + C2),
            en("echo of the whole context first", "Context: " + C1 + " " + C2 + "\n\nQuestion: "
                    + Q + "\n\nContext 1: " + C1 + "\n\nContext 2: " + C2),
            en("trailing chatter after a blank line", "Question: " + Q + "\nContext 1: " + C1
                    + "\nContext 2: " + C2 + "\n\nI hope this helps! Let me know if you need more."),
            en("trailing note without a blank line", "Question: " + Q + "\nContext 1: " + C1
                    + "\nContext 2: " + C2 + "\nNote: Context 2 was lightly rewritten to stand alone."),
            en("trailing new example after a rule", "Question: " + Q + "\n\nContext 1: " + C1
                    + "\n\nContext 2: " + C2 + "\n\n---\n\nContext: The cat sat on the mat.\n\n"
                    + "Question: Where did the cat sit?\n\nContext 1: The cat sat.\n\nContext 2: On the mat."),
            en("trailing new example without a blank line", "Question: " + Q + "\nContext 1: " + C1
                    + "\nContext 2: " + C2 + "\nContext: Another passage.\nQuestion: Another?"),
            en("missing Question label", Q + "\n\nContext 1: " + C1 + "\n\nContext 2: " + C2),
            en("missing Question label after chatter", "Sure, here it is:\n" + Q + "\nContext 1: "
                    + C1 + "\nContext 2: " + C2 + "\n\nLet me know if you need anything else."),
            en("multi-line contexts", "Question: " + Q + "\nContext 1: Philip Arnold Heseltine is "
                    + "best known\nas a composer of songs\n\nand other vocal music.\nContext 2: Philip "
                    + "Arnold Heseltine also achieved notoriety in his lifetime\nthrough his "
                    + "unconventional and often scandalous lifestyle."),
            en("quoted values", "Question: \"" + Q + "\"\nContext 1: \u201c" + C1
                    + "\u201d\nContext 2: **\"" + C2 + "\"**"),
            en("question last", "Context 1: " + C1 + "\nContext 2: " + C2 + "\nQuestion: " + Q),
            en("question last after blank lines", "Context 1: " + C1 + "\n\nContext 2: " + C2
                    + "\n\nQuestion: " + Q + "\n\nHope this helps."),
            en("sub-context labels", "Question: " + Q + "\nSub-context 1: " + C1
                    + "\nSubcontext 2: " + C2),
            en("labels with asides", "Question: " + Q + "\nContext 1 (music): " + C1
                    + "\nContext 2 (lifestyle): " + C2),
            en("Chinese labels for an English prompt", "问题：" + Q + "\n上下文1：" + C1
                    + "\n上下文2：" + C2),
            en("CRLF line endings", "Question: " + Q + "\r\n\r\nContext 1: " + C1
                    + "\r\n\r\nContext 2: " + C2 + "\r\n"),
            en("all fields on one line", "Question: " + Q + " Context 1: " + C1 + " Context 2: " + C2),
            en("same field repeated with the same value", "Question: " + Q + "\nContext 1: " + C1
                    + "\nContext 2: " + C2 + "\nQuestion: " + Q));
    }

    static Stream<Arguments> chinese() {
        return Stream.of(
            zh("plain", "问题：" + ZQ + "\n上下文1：" + ZC1 + "\n上下文2：" + ZC2),
            zh("spaces, full-width digits, ASCII colon", "问题： " + ZQ + "\n上下文 １：" + ZC1
                    + "\n上下文２: " + ZC2),
            zh("English labels for a Chinese prompt", "Question: " + ZQ + "\n\nContext 1: " + ZC1
                    + "\n\nContext 2: " + ZC2),
            zh("bold labels", "**问题**：" + ZQ + "\n**上下文1**：" + ZC1 + "\n**上下文2**：" + ZC2),
            zh("bracketed labels", "【问题】：" + ZQ + "\n【上下文1】：" + ZC1 + "\n【上下文2】：" + ZC2),
            zh("headings", "### 问题\n" + ZQ + "\n### 上下文1\n" + ZC1 + "\n### 上下文2\n" + ZC2),
            zh("preamble", "好的，以下是根据上下文生成的结果：\n\n问题：" + ZQ + "\n\n上下文1：" + ZC1
                    + "\n\n上下文2：" + ZC2),
            zh("missing question label", ZQ + "\n上下文1：" + ZC1 + "\n上下文2：" + ZC2),
            zh("multi-line contexts join without spaces", "问题：" + ZQ
                    + "\n上下文1：细胞生长时，体积比表面积增长得更快。\n如果细胞变得很大，较小的表面积无法让足够的营养及时进入细胞。"
                    + "\n上下文2：大型细胞有应对体积挑战的办法：一些白细胞会长出更多细胞核，代谢活跃的细胞则通过膜上的\n褶皱增加表面积。"),
            zh("corner-bracket and curly quotes", "问题：「" + ZQ + "」\n上下文1：\u201c" + ZC1
                    + "\u201d\n上下文2：『" + ZC2 + "』"),
            zh("trailing explanation", "问题：" + ZQ + "\n上下文1：" + ZC1 + "\n上下文2：" + ZC2
                    + "\n\n说明：上下文2做了轻微改写，使其可以独立阅读。"),
            zh("trailing note without a blank line", "问题：" + ZQ + "\n上下文1：" + ZC1
                    + "\n上下文2：" + ZC2 + "\n注：以上拆分保留了原文的全部信息。"),
            zh("trailing new example", "问题：" + ZQ + "\n上下文1：" + ZC1 + "\n上下文2：" + ZC2
                    + "\n\n示例2\n上下文：另一段文字。\n问题：另一个问题？"),
            zh("sub-context labels", "问题：" + ZQ + "\n子上下文1：" + ZC1 + "\n子上下文2：" + ZC2),
            zh("question last", "上下文1：" + ZC1 + "\n上下文2：" + ZC2 + "\n问题：" + ZQ),
            zh("all fields on one line", "问题：" + ZQ + "上下文1：" + ZC1 + "上下文2：" + ZC2),
            zh("numbered list markers", "1、问题：" + ZQ + "\n2、上下文1：" + ZC1 + "\n3、上下文2：" + ZC2));
    }

    @ParameterizedTest(name = "en: {0}")
    @MethodSource({"englishLabelForms", "englishLayouts"})
    void readsEnglishVariants(String name, String output, String question, String c1, String c2) {
        assertParsed(output, question, c1, c2);
    }

    @ParameterizedTest(name = "zh: {0}")
    @MethodSource("chinese")
    void readsChineseVariants(String name, String output, String question, String c1, String c2) {
        assertParsed(output, question, c1, c2);
    }

    static Stream<Arguments> failures() {
        return Stream.of(
            Arguments.of("empty output", "", "empty output"),
            Arguments.of("whitespace only", " \n\t\n", "empty output"),
            Arguments.of("prose without labels", "I cannot split this context.", "no question"),
            Arguments.of("empty question", "Question:\nContext 1: " + C1 + "\nContext 2: " + C2,
                    "empty question"),
            Arguments.of("no question at all", "Context 1: " + C1 + "\nContext 2: " + C2,
                    "no question"),
            Arguments.of("only chatter before the contexts", "Sure, here is the split:\nContext 1: "
                    + C1 + "\nContext 2: " + C2, "no question"),
            Arguments.of("the question twice with different values", "Question: " + Q + "\nContext 1: "
                    + C1 + "\nContext 2: " + C2 + "\nQuestion: Another question?",
                    "'Question' given twice with different values"));
    }

    @ParameterizedTest(name = "fails: {0}")
    @MethodSource("failures")
    void refusesWithAShortReason(String name, String output, String reason) {
        assertThatThrownBy(() -> CstOutputParser.parse(output))
                .isInstanceOf(CstParseException.class)
                .hasMessage(reason);
    }

    @Test
    void aLostSplitKeepsTheQuestion() {
        // Each of these was a parse failure, re-asked, before issue 13; LostSplitTest has the layouts.
        assertParsed("Question: " + Q + "\nContext 1: " + C1, Q, C1, "");
        assertParsed("Question: " + Q + "\nContext 1:\nContext 2: " + C2, Q, "", C2);
        assertParsed("问题：" + ZQ + "\n上下文1：" + ZC1 + "\n上下文2：\n", ZQ, ZC1, "");
        assertParsed("Question: " + Q + "\nContext 1: " + C1 + "\nContext 1: Something else.\nContext 2: " + C2,
                Q, "", C2);
    }

    @Test
    void nullOutputIsEmpty() {
        assertThatThrownBy(() -> CstOutputParser.parse(null)).hasMessage("empty output");
    }

    private static void assertParsed(String output, String question, String c1, String c2) {
        ParsedCst parsed = CstOutputParser.parse(output);
        assertThat(parsed.question()).as("question").isEqualTo(question);
        assertThat(parsed.context1()).as("context 1").isEqualTo(c1);
        assertThat(parsed.context2()).as("context 2").isEqualTo(c2);
    }

    private static Arguments en(String name, String output) {
        return Arguments.of(name, output, Q, C1, C2);
    }

    private static Arguments zh(String name, String output) {
        return Arguments.of(name, output, ZQ, ZC1, ZC2);
    }
}
