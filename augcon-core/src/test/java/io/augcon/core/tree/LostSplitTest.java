package io.augcon.core.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.api.CandidateQuery;
import io.augcon.api.Language;
import io.augcon.api.LlmResponse;
import io.augcon.api.RootContext;
import io.augcon.testkit.ScriptedLlm;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 13: an answer whose question is usable keeps it, whatever happened to its split. A
 * one-sentence context answered with a good question, the whole text as the first part and
 * nothing usable as the second costs one call, keeps the question and ends the branch as a
 * degenerate split, in every layout the parser accepts (contracts §5) and both languages.
 */
class LostSplitTest {
    private static final String EN = "The Moon pulls the ocean toward it as the Earth turns beneath it.";
    private static final String EN_Q = "How does the Moon shape the ocean?";
    private static final String ZH = "二十四节气是古人根据太阳在黄道上的位置划分的时间节点。";
    private static final String ZH_Q = "二十四节气是怎样划分的？";

    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final RecordingListener events = new RecordingListener();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** One tree on a root of {@code text}, expanded by {@code step}. */
    private List<CandidateQuery> grow(String text, Language language, CstStep step) throws Exception {
        RootContext root = new RootContext("d#0", "d", 0, 0, 0, text.length(), text, language);
        return new ContextSplitTree(step, TreeRules.DEFAULT, 7, executor, events).grow(root, 0).get(10, TimeUnit.SECONDS);
    }

    /** The labels of one language: question, first and second part. */
    private record Labels(String question, String first, String second) {
        static final Labels ENGLISH = new Labels("Question", "Context 1", "Context 2");
        static final Labels CHINESE = new Labels("问题", "上下文1", "上下文2");
    }

    /** A layout of contracts §5: renders an answer whose second part is {@code second}, or no second label when null. */
    private interface Layout {
        String render(Labels l, String question, String first, String second);
    }

    private static final List<Named<Layout>> LAYOUTS = List.of(
            new Named<>("plain", (l, q, a, b) -> l.question + ": " + q + "\n" + l.first + ": " + a
                    + (b == null ? "" : "\n" + l.second + ": " + b)),
            new Named<>("full-width colons", (l, q, a, b) -> l.question + "：" + q + "\n" + l.first + "：" + a
                    + (b == null ? "" : "\n" + l.second + "：" + b)),
            new Named<>("bold labels", (l, q, a, b) -> "**" + l.question + ":** " + q + "\n\n**" + l.first + ":** " + a
                    + (b == null ? "" : "\n\n**" + l.second + ":** " + b)),
            new Named<>("headings", (l, q, a, b) -> "## " + l.question + "\n" + q + "\n\n## " + l.first + "\n" + a
                    + (b == null ? "" : "\n\n## " + l.second + "\n" + b)),
            new Named<>("preamble", (l, q, a, b) -> "Sure! Here is the output:\n" + l.question + ": " + q + "\n"
                    + l.first + ": " + a + (b == null ? "" : "\n" + l.second + ": " + b)),
            new Named<>("trailing note", (l, q, a, b) -> l.question + ": " + q + "\n" + l.first + ": " + a
                    + (b == null ? "" : "\n" + l.second + ": " + b) + "\nNote: one sentence cannot be split further."),
            new Named<>("trailing chatter", (l, q, a, b) -> l.question + ": " + q + "\n" + l.first + ": " + a
                    + (b == null ? "" : "\n" + l.second + ": " + b) + "\n\nI hope this helps!"),
            new Named<>("no question label", (l, q, a, b) -> q + "\n" + l.first + ": " + a
                    + (b == null ? "" : "\n" + l.second + ": " + b)),
            new Named<>("all on one line", (l, q, a, b) -> l.question + ": " + q + " " + l.first + ": " + a
                    + (b == null ? "" : " " + l.second + ": " + b)));

    /** What the model puts in the second part: null for no label at all. */
    private static final List<Named<String>> SECOND_PARTS = List.of(
            new Named<>("missing", null), new Named<>("empty", ""), new Named<>("N/A", "N/A"),
            new Named<>("none", "None."), new Named<>("无", "无"), new Named<>("（无）", "（无）"),
            new Named<>("(empty)", "(empty)"), new Named<>("dash", "-"), new Named<>("whole parent", "{whole}"));

    private record Named<T>(String name, T value) {
    }

    static Stream<Arguments> answers() {
        List<Arguments> all = new ArrayList<>();
        for (Language language : Language.values()) {
            String text = language == Language.EN ? EN : ZH;
            String question = language == Language.EN ? EN_Q : ZH_Q;
            for (Labels labels : List.of(Labels.ENGLISH, Labels.CHINESE)) {
                for (Named<Layout> layout : LAYOUTS) {
                    for (Named<String> second : SECOND_PARTS) {
                        String b = second.value() == null ? null : second.value().replace("{whole}", text);
                        all.add(Arguments.of(language.code() + ", " + labels.question + " labels, " + layout.name()
                                        + ", second part " + second.name(),
                                language, text, question, layout.value().render(labels, question, text, b)));
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void theQuestionIsKeptAndTheBranchEndsWithOneCall(String name, Language language, String text, String question,
            String answer) throws Exception {
        ScriptedLlm llm = ScriptedLlm.answering(r -> LlmResponse.of(answer));
        List<CandidateQuery> found = grow(text, language, CstStep.builder().backend(llm).build());

        assertThat(found).extracting(CandidateQuery::query).containsExactly(question);
        assertThat(events.events()).containsExactly("expanded r", "DEGENERATE_SPLIT r");
        assertThat(llm.requests()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "second empty|Question: q?\\nContext 1: all of it.\\nContext 2:",
        "second missing|Question: q?\\nContext 1: all of it.",
        "second placeholder|问题：q?\\n上下文1：all of it.\\n上下文2：无",
        "second given twice|Question: q?\\nContext 1: all of it.\\nContext 2: a.\\nContext 2: b.",
        "a third part|Question: q?\\nContext 1: a.\\nContext 2: b.\\nContext 3: c.",
        "only the question|Question: q?",
        "only the unlabelled question|q?",
    })
    void theParserKeepsTheQuestionAndGivesNoSplit(String name, String answer) {
        ParsedCst parsed = CstOutputParser.parse(answer.replace("\\n", "\n"));
        assertThat(parsed.question()).isEqualTo("q?");
        assertThat(parsed.splitGiven()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "placeholder question|Question: N/A\\nContext 1: a.\\nContext 2: b.|placeholder question 'N/A'",
        "Chinese placeholder question|问题：无\\n上下文1：a。\\n上下文2：b。|placeholder question '无'",
        "prose that is no question|I cannot split this context.|no question",
        "empty question|Question:\\nContext 1: a.\\nContext 2:|empty question",
    })
    void onlyAnUnusableQuestionIsRefused(String name, String answer, String reason) {
        assertThatThrownBy(() -> CstOutputParser.parse(answer.replace("\\n", "\n")))
                .isInstanceOf(CstParseException.class).hasMessage(reason);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "after the last sentence|Split after: 3",
        "after sentence 0|Split after: 0",
        "beyond the last|Split after: 7",
        "before the first|Split: before sentence 1",
        "no number|Split after: N/A",
        "Chinese no number|切分位置：无",
        "no split line|",
    })
    void aNumberedAnswerWithNoPointInsideKeepsItsQuestionAndTheWholeContext(String name, String splitLine) {
        String answer = "Question: Why do tides rise?" + (splitLine == null ? "" : "\n" + splitLine);
        NumberedCstParser.Parsed parsed = NumberedCstParser.parse(answer, 3);
        assertThat(parsed.question()).isEqualTo("Why do tides rise?");
        assertThat(parsed.splitAfter()).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "one sentence, Split after 1|EN|Question: How does the Moon shape the ocean?\\nSplit after: 1|false",
        "one sentence, Chinese|ZH|问题：二十四节气是怎样划分的？\\n切分位置：1|false",
        "two sentences, Split after 2|EN|Question: How does the Moon shape the ocean?\\nSplit after: 2|true",
        "two sentences, no number|EN|Question: How does the Moon shape the ocean?\\nSplit after: none|true",
    })
    void aNumberedNodeWithNoSplitPointIsALeafWithItsQuestion(String name, Language language, String answer,
            boolean twoSentences) throws Exception {
        String text = (language == Language.EN ? EN : ZH) + (twoSentences ? " The Sun adds a smaller pull of its own." : "");
        ScriptedLlm llm = ScriptedLlm.answering(r -> LlmResponse.of(answer.replace("\\n", "\n")));
        List<CandidateQuery> found = grow(text, language, CstStep.builder().backend(llm).splitMode(SplitMode.NUMBERED).build());

        assertThat(found).hasSize(1);
        assertThat(events.events()).containsExactly("expanded r", (twoSentences ? "DEGENERATE_SPLIT" : "NO_SPLIT") + " r");
        assertThat(llm.requests()).hasSize(1);
    }
}
