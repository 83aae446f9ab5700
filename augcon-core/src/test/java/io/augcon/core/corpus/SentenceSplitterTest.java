package io.augcon.core.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.api.Language;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SentenceSplitterTest {

    static List<String> split(String text, Language language) {
        return SentenceSplitter.sentences(text, language).stream().map(s -> s.of(text)).toList();
    }

    @Nested
    class English {

        List<String> en(String text) {
            return split(text, Language.EN);
        }

        @Test
        void splitsAtPeriodQuestionAndExclamationMarks() {
            assertThat(en("It rained. Did it stop? Yes! Then we left."))
                    .containsExactly("It rained.", "Did it stop?", "Yes!", "Then we left.");
        }

        @Test
        void keepsTitlesAndLatinAbbreviationsInsideTheSentence() {
            assertThat(en("Dr. Smith met Mr. Jones, e.g. at work. They talked."))
                    .containsExactly("Dr. Smith met Mr. Jones, e.g. at work.", "They talked.");
        }

        @Test
        void capitalisedLatinAbbreviationAtSentenceStartDoesNotEnd() {
            assertThat(en("E.g. Java is fine. So is Go."))
                    .containsExactly("E.g. Java is fine.", "So is Go.");
        }

        @Test
        void keepsCountryAbbreviationsAndMonthsInsideTheSentence() {
            assertThat(en("The U.S. Army left on Jan. 5 at noon."))
                    .containsExactly("The U.S. Army left on Jan. 5 at noon.");
        }

        @Test
        void keepsInitialsInsideTheSentence() {
            assertThat(en("J. K. Rowling wrote it. It sold well."))
                    .containsExactly("J. K. Rowling wrote it.", "It sold well.");
        }

        @Test
        void doesNotSplitDecimalsOrVersionNumbers() {
            assertThat(en("Version v1.2.3 is 3.5 times faster. Upgrade now."))
                    .containsExactly("Version v1.2.3 is 3.5 times faster.", "Upgrade now.");
        }

        @Test
        void periodBeforeLowerCaseWordIsNotAnEnd() {
            assertThat(en("See the approx. figures in sec. three. Then stop."))
                    .containsExactly("See the approx. figures in sec. three.", "Then stop.");
        }

        @Test
        void closingQuoteAfterTheMarkBelongsToTheSentence() {
            assertThat(en("He said \"Stop.\" Then he left (quietly.) The end."))
                    .containsExactly("He said \"Stop.\"", "Then he left (quietly.)", "The end.");
        }

        @Test
        void ellipsisBeforeLowerCaseContinuesTheSentence() {
            assertThat(en("Wait... what happened? Nothing."))
                    .containsExactly("Wait... what happened?", "Nothing.");
        }

        @Test
        void ellipsisBeforeCapitalEndsTheSentence() {
            assertThat(en("It faded away… Then silence."))
                    .containsExactly("It faded away…", "Then silence.");
        }

        @Test
        void etcBeforeCapitalEndsTheSentenceButNotBeforeLowerCase() {
            assertThat(en("Buy apples, pears, etc. and milk. Pay cash, cards, etc. The shop closes."))
                    .containsExactly("Buy apples, pears, etc. and milk.", "Pay cash, cards, etc.",
                            "The shop closes.");
        }

        @Test
        void timeOfDayBeforeCapitalEndsTheSentence() {
            assertThat(en("We met at 5 p.m. The room was cold."))
                    .containsExactly("We met at 5 p.m.", "The room was cold.");
        }

        @Test
        void pronounIAtTheEndIsNotTakenForAnInitial() {
            assertThat(en("So did I. Nobody else did."))
                    .containsExactly("So did I.", "Nobody else did.");
        }

        @Test
        void numberedListMarkerIsNotASentence() {
            assertThat(en("1. Install Java first. Then build."))
                    .containsExactly("1. Install Java first.", "Then build.");
        }

        @Test
        void repeatedMarksAreOneBoundary() {
            assertThat(en("Really?! Yes.")).containsExactly("Really?!", "Yes.");
        }

        @Test
        void markWithoutFollowingWhitespaceIsNotAnEnd() {
            assertThat(en("Visit example.com today.")).containsExactly("Visit example.com today.");
        }

        @Test
        void textAfterTheLastMarkIsTheFinalSentence() {
            assertThat(en("One. Two without a mark")).containsExactly("One.", "Two without a mark");
        }

        @Test
        void chineseMarksEndSentencesUnderEnglishRulesToo() {
            assertThat(en("Hello there. 你好。再见")).containsExactly("Hello there.", "你好。", "再见");
        }
    }

    @Nested
    class Chinese {

        List<String> zh(String text) {
            return split(text, Language.ZH);
        }

        @Test
        void splitsAtChineseTerminalMarks() {
            assertThat(zh("今天下雨了。你去吗？我不去！好的"))
                    .containsExactly("今天下雨了。", "你去吗？", "我不去！", "好的");
        }

        @Test
        void closingQuotesAndBracketsAfterTheMarkBelongToTheSentence() {
            assertThat(zh("他说：“我来了。”她答：「好。」（完。）结束。"))
                    .containsExactly("他说：“我来了。”", "她答：「好。」", "（完。）", "结束。");
        }

        @Test
        void runOfMarksIsOneBoundary() {
            assertThat(zh("真的吗？！是的。")).containsExactly("真的吗？！", "是的。");
        }

        @Test
        void ellipsisEndsTheSentence() {
            assertThat(zh("他沉默了……然后离开。")).containsExactly("他沉默了……", "然后离开。");
        }

        @Test
        void semicolonsDoNotEndSentences() {
            assertThat(zh("第一点；第二点；第三点。")).containsExactly("第一点；第二点；第三点。");
        }

        @Test
        void asciiExclamationBeforeHanEndsTheSentence() {
            assertThat(zh("太好了!我们走吧?")).containsExactly("太好了!", "我们走吧?");
        }

        @Test
        void decimalsDoNotSplit() {
            assertThat(zh("收入增长了3.5%。利润持平。")).containsExactly("收入增长了3.5%。", "利润持平。");
        }

        @Test
        void englishSentencesInMixedTextSplitAtPeriodSpaceCapital() {
            assertThat(zh("这是中文。This is English. It has two sentences. 又是中文。"))
                    .containsExactly("这是中文。", "This is English.", "It has two sentences.", "又是中文。");
        }

        @Test
        void asciiPeriodBeforeDigitDoesNotSplitUnderChineseRules() {
            assertThat(zh("见第 2. 3 节。")).containsExactly("见第 2. 3 节。");
        }
    }

    @Test
    void spansAreTrimmedOrderedAndCoverEveryNonWhitespaceCharacter() {
        String text = "  First one.  Second, \"quoted!\"\n\n 第三句。第四句  ";
        List<TextSpan> spans = SentenceSplitter.sentences(text, Language.EN);

        StringBuilder covered = new StringBuilder();
        int previousEnd = 0;
        for (TextSpan span : spans) {
            assertThat(span.start()).isGreaterThanOrEqualTo(previousEnd);
            assertThat(span.of(text)).isEqualTo(span.of(text).strip());
            covered.append(span.of(text));
            previousEnd = span.end();
        }
        assertThat(covered.toString().replaceAll("\\s", "")).isEqualTo(text.replaceAll("\\s", ""));
    }

    @Test
    void blankTextHasNoSentences() {
        assertThat(SentenceSplitter.sentences(" \n\t ", Language.EN)).isEmpty();
    }
}
