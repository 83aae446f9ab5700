package io.augcon.core.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NumberedCstParserTest {

    @Test
    void readsThePlainLayout() {
        NumberedCstParser.Parsed p = NumberedCstParser.parse("Question: Why do tides rise?\nSplit after: 2", 4);
        assertThat(p.question()).isEqualTo("Why do tides rise?");
        assertThat(p.splitAfter()).isEqualTo(2);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Split after: 3|3",
        "**Split after:** 3|3",
        "## Split after\\n3|3",
        "Split after: sentence 3|3",
        "Split after sentence 3|3",
        "Split: after [3]|3",
        "Split after: between sentences 3 and 4|3",
        "Split: before sentence 4|3",
        "Split point: ３|3",
        "切分位置：3|3",
        "切分位置：第3句之后|3",
        "**切分位置**：第三句|3",
        "【分割】：2|2",
        "3|3",
        "[2]|2",
    })
    void readsTheNumberWhicheverWayItIsWritten(String splitLine, int expected) {
        String answer = "Question: How are tides made?\n" + splitLine.replace("\\n", "\n");
        assertThat(NumberedCstParser.parse(answer, 5).splitAfter()).isEqualTo(expected);
    }

    @Test
    void acceptsChineseLabelsFullWidthColonsBoldAndChatter() {
        NumberedCstParser.Parsed p = NumberedCstParser.parse(
                "好的，以下是结果：\n**问题：** 二十四节气是怎么来的？\n**切分位置：** 2\n希望对你有帮助。", 4);
        assertThat(p.question()).isEqualTo("二十四节气是怎么来的？");
        assertThat(p.splitAfter()).isEqualTo(2);
    }

    @Test
    void takesAnUnlabelledFirstLineAsTheQuestionBecauseThePromptEndsWithTheLabel() {
        NumberedCstParser.Parsed p = NumberedCstParser.parse(" How did the pencil come about?\nSplit after: 1", 3);
        assertThat(p.question()).isEqualTo("How did the pencil come about?");
        assertThat(p.splitAfter()).isEqualTo(1);
    }

    @Test
    void readsBothFieldsRunTogetherOnOneLine() {
        NumberedCstParser.Parsed p = NumberedCstParser.parse("Question: Why do tides rise? Split after: 3", 4);
        assertThat(p.question()).isEqualTo("Why do tides rise?");
        assertThat(p.splitAfter()).isEqualTo(3);
        assertThat(NumberedCstParser.parse("问题：潮汐为什么会涨？切分位置：1", 2).question()).isEqualTo("潮汐为什么会涨？");
    }

    @Test
    void aOneSentenceContextNeedsOnlyTheQuestion() {
        NumberedCstParser.Parsed p = NumberedCstParser.parse("Question: What is a tide?", 1);
        assertThat(p.splitAfter()).isZero();
        assertThat(NumberedCstParser.parse("Question: What is a tide?\nSplit after: 1", 1).splitAfter()).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Question: N/A\\nSplit after: 2|placeholder question",
        "Split after: 2|no 'Question'",
        "Question:\\nSplit after: 2|empty question",
    })
    void refusesWhatItCannotUse(String answer, String reason) {
        assertThatThrownBy(() -> NumberedCstParser.parse(answer.replace("\\n", "\n"), 4))
                .isInstanceOf(CstParseException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void anEmptyAnswerIsAParseFailure() {
        assertThatThrownBy(() -> NumberedCstParser.parse("  \n", 3)).isInstanceOf(CstParseException.class)
                .hasMessage("empty output");
    }
}
