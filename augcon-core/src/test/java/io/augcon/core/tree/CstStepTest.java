package io.augcon.core.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.api.Expansion;
import io.augcon.api.FinishReason;
import io.augcon.api.Language;
import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.RootContext;
import io.augcon.api.Split;
import io.augcon.api.TokenUsage;
import io.augcon.testkit.ScriptedAnswers;
import io.augcon.testkit.ScriptedLlm;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class CstStepTest {
    private static final String TEXT = "The Moon pulls the ocean toward it as the Earth turns. The Sun adds a smaller pull. "
            + "Twice a month the two line up.\nThen the tides are highest.";
    private static final RootContext ROOT = new RootContext("d#0", "d", 3, 0, 0, TEXT.length(), TEXT, Language.EN);
    private static final String ZH = "二十四节气是古人划分的时间节点。它最初用来指导农事。如今它仍影响着民俗。";
    private static final RootContext ZH_ROOT = new RootContext("z#0", "z", 0, 0, 0, ZH.length(), ZH, Language.ZH);

    private static CstStep step(SplitMode mode, ScriptedLlm llm) {
        return CstStep.builder().backend(llm).splitMode(mode).build();
    }

    private static Expansion expand(CstStep step, RootContext root, long seed) {
        return step.expand(root.node(0), seed).toCompletableFuture().join();
    }

    @ParameterizedTest
    @EnumSource(SplitMode.class)
    void oneRequestCarriesThePromptSamplingSettingsAndSeed(SplitMode mode) {
        ScriptedLlm llm = ScriptedLlm.immediate();
        Expansion e = expand(step(mode, llm), ROOT, 1234);

        assertThat(e.query()).isPresent();
        assertThat(e.split()).isPresent();
        assertThat(llm.requests()).hasSize(1);
        LlmRequest request = llm.requests().get(0);
        assertThat(request.temperature()).isEqualTo(0.85);
        assertThat(request.seed()).isEqualTo(1234L);
        assertThat(request.stage()).isEqualTo("cst");
        assertThat(request.priority()).isEqualTo(3);
        if (mode == SplitMode.REWRITE) {
            assertThat(request.prompt()).endsWith(TEXT + "\nQuestion:");
            assertThat(request.stop()).contains("\nContext:");
            assertThat(request.maxTokens()).isGreaterThan(TEXT.length());
        } else {
            // The numbered prompt has one sentence a line, and the answer is a question and a number.
            assertThat(request.prompt()).endsWith("Sentences:\n[1] The Moon pulls the ocean toward it as the Earth turns.\n"
                    + "[2] The Sun adds a smaller pull.\n[3] Twice a month the two line up.\n[4] Then the tides are highest.\nQuestion:");
            assertThat(request.stop()).contains("\nSentences:");
            assertThat(request.maxTokens()).isEqualTo(160);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "REWRITE|I am not sure what you mean.|2",
        "NUMBERED|Question: N/A\\nSplit after: 2|1",
    })
    void unusableAnswersAreAskedAgainWithFreshSeedsAndCounted(SplitMode mode, String unusable, int howMany) {
        AtomicInteger calls = new AtomicInteger();
        ScriptedLlm llm = ScriptedLlm.answering(r -> calls.incrementAndGet() <= howMany
                ? LlmResponse.of(unusable.replace("\\n", "\n"))
                : ScriptedAnswers.answer(r));
        Expansion e = expand(step(mode, llm), ROOT, 99);

        assertThat(e.failedAttempts()).isEqualTo(howMany);
        assertThat(llm.requests()).hasSize(howMany + 1);
        assertThat(new HashSet<>(llm.requests().stream().map(LlmRequest::seed).toList())).hasSize(howMany + 1);
        assertThat(llm.requests().get(0).seed()).isEqualTo(99L);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "REWRITE|Context 1: a.\\nContext 2: b.|no question",
        "NUMBERED|Question: none|placeholder question",
    })
    void afterFourUnusableAnswersTheNodeFailsAsMalformedOutput(SplitMode mode, String answer, String reason) {
        ScriptedLlm llm = ScriptedLlm.answering(r -> LlmResponse.of(answer.replace("\\n", "\n")));
        assertThatThrownBy(() -> expand(step(mode, llm), ROOT, 1))
                .isInstanceOf(CompletionException.class)
                .satisfies(t -> assertThat(LlmException.kindOf(t)).isEqualTo(LlmException.Kind.MALFORMED_OUTPUT))
                .hasMessageContaining("d#0/0/r")
                .hasMessageContaining("4 attempts")
                .hasMessageContaining(reason);
        assertThat(llm.requests()).hasSize(4);
    }

    @ParameterizedTest
    @EnumSource(SplitMode.class)
    void aTruncatedAnswerIsNotUsedEvenWhenItParses(SplitMode mode) {
        AtomicInteger calls = new AtomicInteger();
        ScriptedLlm llm = ScriptedLlm.answering(r -> {
            LlmResponse full = ScriptedAnswers.answer(r);
            return calls.incrementAndGet() == 1
                    ? new LlmResponse(full.text(), FinishReason.LENGTH, TokenUsage.ZERO, "m")
                    : full;
        });
        Expansion e = expand(step(mode, llm), ROOT, 1);
        assertThat(e.failedAttempts()).isEqualTo(1);
    }

    @Test
    void aNodeWhoseEveryAnswerIsCutKeepsTheWholeQuestionOfTheFirstAsALeaf() {
        ScriptedLlm llm = ScriptedLlm.answering(r -> new LlmResponse(
                "Question: What pulls the ocean toward the Moon?\nContext 1: The Moon pulls the ocean toward it as the",
                FinishReason.LENGTH, TokenUsage.ZERO, "m"));
        Expansion e = expand(step(SplitMode.REWRITE, llm), ROOT, 1);
        assertThat(e.query()).contains("What pulls the ocean toward the Moon?");
        assertThat(e.split()).isEmpty();
        assertThat(e.failedAttempts()).isEqualTo(3);
        assertThat(llm.requests()).hasSize(4);
    }

    @Test
    void aQuestionCutBeforeItsEndIsNotKept() {
        ScriptedLlm llm = ScriptedLlm.answering(r -> new LlmResponse("Question: What pulls the ocean toward",
                FinishReason.LENGTH, TokenUsage.ZERO, "m"));
        assertThatThrownBy(() -> expand(step(SplitMode.REWRITE, llm), ROOT, 1))
                .satisfies(t -> assertThat(LlmException.kindOf(t)).isEqualTo(LlmException.Kind.TRUNCATED));
        assertThat(llm.requests()).hasSize(4);
    }

    @ParameterizedTest
    @CsvSource({"REWRITE, llm-cst/cst-en-, cst-zh-", "NUMBERED, llm-cst-numbered/cstn-en-, cstn-zh-"})
    void theIdNamesTheFormatAndBothPrompts(SplitMode mode, String start, String chinese) {
        CstStep step = step(mode, ScriptedLlm.immediate());
        assertThat(step.id()).startsWith(start).contains("," + chinese);
    }

    @Test
    void chineseRootsGetTheChinesePrompt() {
        ScriptedLlm llm = ScriptedLlm.immediate();
        expand(step(SplitMode.REWRITE, llm), ZH_ROOT, 1);
        assertThat(llm.requests().get(0).prompt()).endsWith("上下文：" + ZH + "\n问题：");
    }

    @Test
    void maxAttemptsBelowOneIsRejected() {
        assertThatThrownBy(() -> CstStep.builder().maxAttempts(0)).hasMessageContaining("maxAttempts");
    }

    @Test
    void promptsRenderInstructionExamplesAndTargetInOrder() {
        CstPrompt prompt = CstPrompt.defaults(Language.EN)
                .withExamples(List.of(new CstPrompt.Example("C.", "Q?", "C1.", "C2.")));
        String text = prompt.render(" Target text. ");
        assertThat(text).startsWith(prompt.instruction() + "\n\n");
        assertThat(text).endsWith("Context: C.\nQuestion: Q?\nContext 1: C1.\nContext 2: C2.\n\nContext: Target text.\nQuestion:");
    }

    @Test
    void promptIdsNameTheExactText() {
        CstPrompt prompt = CstPrompt.defaults(Language.EN);
        assertThat(prompt.id()).startsWith("cst-en-").isEqualTo(CstPrompt.defaults(Language.EN).id());
        assertThat(prompt.withInstruction(CstPrompt.briefInstruction(Language.EN)).id()).isNotEqualTo(prompt.id());
        assertThat(prompt.examples()).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void numberedSubContextsAreExactSpansOfTheParent() {
        ScriptedLlm llm = ScriptedLlm.answering(r -> LlmResponse.of("Question: What makes the tides?\nSplit after: 3"));
        Expansion e = expand(step(SplitMode.NUMBERED, llm), ROOT, 1);

        Split split = e.split().orElseThrow();
        assertThat(split.first()).isEqualTo(TEXT.substring(0, TEXT.indexOf("\nThen")));
        assertThat(split.second()).isEqualTo("Then the tides are highest.");
        assertThat(e.query()).contains("What makes the tides?");
    }

    @Test
    void theScriptedModelAnswersNumberedPromptsInBothLanguages() {
        ScriptedLlm llm = ScriptedLlm.immediate();
        CstStep step = step(SplitMode.NUMBERED, llm);
        Expansion en = expand(step, ROOT, 1);
        Expansion zh = expand(step, ZH_ROOT, 1);

        assertThat(TEXT).startsWith(en.split().orElseThrow().first()).endsWith(en.split().orElseThrow().second());
        assertThat(zh.split().orElseThrow().first()).isEqualTo("二十四节气是古人划分的时间节点。");
        assertThat(llm.requests().get(1).prompt()).contains("句子：\n[1] 二十四节气").endsWith("问题：");
        assertThat(ScriptedAnswers.numberedSentences(llm.requests().get(1).prompt())).hasSize(3);
    }

    @Test
    void aOneSentenceNodeGetsAQuestionAndNoSplitInTheNumberedFormat() {
        String one = "The Moon pulls the ocean toward it as the Earth turns.";
        RootContext root = new RootContext("d#1", "d", 0, 1, 0, one.length(), one, Language.EN);
        ScriptedLlm llm = ScriptedLlm.immediate();
        Expansion e = expand(step(SplitMode.NUMBERED, llm), root, 1);

        assertThat(e.query()).isPresent();
        assertThat(e.split()).isEmpty();
        assertThat(llm.requests()).hasSize(1);
        assertThat(ScriptedAnswers.answer(llm.requests().get(0)).text()).doesNotContain("Split");
    }

    @Test
    void theBundledNumberedExamplesSplitInsideTheirSentenceCounts() {
        for (Language language : Language.values()) {
            NumberedCstPrompt prompt = NumberedCstPrompt.defaults(language);
            assertThat(prompt.examples()).hasSizeGreaterThanOrEqualTo(3);
            assertThat(prompt.id()).startsWith("cstn-" + language.code() + "-");
            assertThat(prompt.examples()).allSatisfy(e -> assertThat(e.sentences().size()).isGreaterThan(e.splitAfter()));
        }
    }

    @Test
    void aUserNumberedPromptReplacesTheBundledOne() {
        ScriptedLlm llm = ScriptedLlm.immediate();
        NumberedCstPrompt mine = NumberedCstPrompt.defaults(Language.EN).withInstruction("Ask and split.")
                .withExamples(List.of(NumberedCstPrompt.Example.of("One. Two.", Language.EN, "Which numbers?", 1)));
        expand(CstStep.builder().backend(llm).format(CstFormat.numbered(mine)).build(), ROOT, 1);
        assertThat(llm.requests().get(0).prompt()).startsWith("Ask and split.\n\nSentences:\n[1] One.\n[2] Two.\nQuestion: Which numbers?\nSplit after: 1\n");
    }

    @Test
    void theQuestionOnlyFormatAsksForTheQuestionAndNeedsNoSplit() {
        ScriptedLlm llm = ScriptedLlm.answering(r -> LlmResponse.of(" What makes the tides?"));
        CstStep step = CstStep.builder().backend(llm).format(CstFormat.questionOnly()).build();
        Expansion e = expand(step, ROOT, 5);

        assertThat(e.query()).contains("What makes the tides?");
        assertThat(e.split()).isEmpty();
        assertThat(e.failedAttempts()).isZero();
        LlmRequest request = llm.requests().get(0);
        assertThat(request.prompt()).startsWith(QuestionPrompt.defaults(Language.EN).instruction() + "\n\n")
                .endsWith("Context: " + TEXT + "\nQuestion:")
                .doesNotContain("Context 1:");
        assertThat(request.stop()).contains("\nContext:", "\nContext 1:");
        assertThat(request.maxTokens()).isEqualTo(160);
        assertThat(step.id()).startsWith("llm-cst-question/cstq-en-").contains(",cstq-zh-");
    }

    @Test
    void theQuestionOnlyPromptTeachesWithTheRewriteExamplesQuestionsInBothLanguages() {
        for (Language language : Language.values()) {
            QuestionPrompt prompt = QuestionPrompt.defaults(language);
            List<CstPrompt.Example> rewrite = CstPrompt.defaultExamples(language);
            assertThat(prompt.examples()).extracting(QuestionPrompt.Example::question)
                    .containsExactlyElementsOf(rewrite.stream().map(CstPrompt.Example::question).toList());
            assertThat(prompt.render("x")).doesNotContain(CstPrompt.Labels.of(language).context1())
                    .contains(rewrite.get(0).context());
        }
        assertThat(QuestionPrompt.defaults(Language.ZH).render("潮汐。")).endsWith("上下文：潮汐。\n问题：");
    }

    @Test
    void aQuestionOnlyAnswerWithoutAQuestionIsAskedAgain() {
        AtomicInteger calls = new AtomicInteger();
        ScriptedLlm llm = ScriptedLlm.answering(r -> LlmResponse.of(calls.incrementAndGet() == 1
                ? "Sure! Here is the question:" : "Question: What makes the tides?"));
        Expansion e = expand(CstStep.builder().backend(llm).format(CstFormat.questionOnly()).build(), ROOT, 5);
        assertThat(e.failedAttempts()).isEqualTo(1);
        assertThat(e.query()).contains("What makes the tides?");
    }
}
