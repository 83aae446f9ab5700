package io.augcon.core.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.api.Expansion;
import io.augcon.api.Language;
import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.RootContext;
import io.augcon.api.Split;
import io.augcon.testkit.ScriptedAnswers;
import io.augcon.testkit.ScriptedLlm;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NumberedCstStepTest {
    private static final String TEXT = "The Moon pulls the ocean toward it as the Earth turns. The Sun adds a smaller pull. "
            + "Twice a month the two line up.\nThen the tides are highest.";
    private static final RootContext ROOT = new RootContext("d#0", "d", 3, 0, 0, TEXT.length(), TEXT, Language.EN);
    private static final String ZH = "二十四节气是古人划分的时间节点。它最初用来指导农事。如今它仍影响着民俗。";
    private static final RootContext ZH_ROOT = new RootContext("z#0", "z", 0, 0, 0, ZH.length(), ZH, Language.ZH);

    @Test
    void thePromptNumbersTheSentencesOneALineAndEndsWithTheQuestionLabel() {
        ScriptedLlm llm = ScriptedLlm.immediate();
        NumberedCstStep.builder().backend(llm).build().expand(ROOT.node(0), 7).toCompletableFuture().join();

        LlmRequest request = llm.requests().get(0);
        assertThat(request.prompt()).endsWith("Sentences:\n[1] The Moon pulls the ocean toward it as the Earth turns.\n"
                + "[2] The Sun adds a smaller pull.\n[3] Twice a month the two line up.\n[4] Then the tides are highest.\nQuestion:");
        assertThat(request.seed()).isEqualTo(7L);
        assertThat(request.stage()).isEqualTo("cst");
        assertThat(request.maxTokens()).isEqualTo(160);
        assertThat(request.stop()).contains("\nSentences:");
    }

    @Test
    void subContextsAreExactSpansOfTheParent() {
        ScriptedLlm llm = ScriptedLlm.answering(r -> LlmResponse.of("Question: What makes the tides?\nSplit after: 3"));
        Expansion e = NumberedCstStep.builder().backend(llm).build().expand(ROOT.node(0), 1).toCompletableFuture().join();

        Split split = e.split().orElseThrow();
        assertThat(split.first()).isEqualTo(TEXT.substring(0, TEXT.indexOf("\nThen")));
        assertThat(split.second()).isEqualTo("Then the tides are highest.");
        assertThat(e.query()).contains("What makes the tides?");
    }

    @Test
    void theScriptedModelAnswersNumberedPromptsInBothLanguages() {
        ScriptedLlm llm = ScriptedLlm.immediate();
        NumberedCstStep step = NumberedCstStep.builder().backend(llm).build();
        Expansion en = step.expand(ROOT.node(0), 1).toCompletableFuture().join();
        Expansion zh = step.expand(ZH_ROOT.node(0), 1).toCompletableFuture().join();

        assertThat(TEXT).startsWith(en.split().orElseThrow().first()).endsWith(en.split().orElseThrow().second());
        assertThat(zh.split().orElseThrow().first()).isEqualTo("二十四节气是古人划分的时间节点。");
        assertThat(llm.requests().get(1).prompt()).contains("句子：\n[1] 二十四节气").endsWith("问题：");
        assertThat(ScriptedAnswers.numberedSentences(llm.requests().get(1).prompt())).hasSize(3);
    }

    @Test
    void aOneSentenceNodeGetsAQuestionAndNoSplit() {
        String one = "The Moon pulls the ocean toward it as the Earth turns.";
        RootContext root = new RootContext("d#1", "d", 0, 1, 0, one.length(), one, Language.EN);
        ScriptedLlm llm = ScriptedLlm.immediate();
        Expansion e = NumberedCstStep.builder().backend(llm).build().expand(root.node(0), 1).toCompletableFuture().join();

        assertThat(e.query()).isPresent();
        assertThat(e.split()).isEmpty();
        assertThat(llm.requests()).hasSize(1);
        assertThat(ScriptedAnswers.answer(llm.requests().get(0)).text()).doesNotContain("Split");
    }

    @Test
    void anOutOfRangeNumberIsAskedAgainAndCounted() {
        AtomicInteger calls = new AtomicInteger();
        ScriptedLlm llm = ScriptedLlm.answering(r -> calls.incrementAndGet() == 1
                ? LlmResponse.of("Question: What makes the tides?\nSplit after: 4")
                : ScriptedAnswers.answer(r));
        Expansion e = NumberedCstStep.builder().backend(llm).build().expand(ROOT.node(0), 5).toCompletableFuture().join();

        assertThat(e.failedAttempts()).isEqualTo(1);
        assertThat(llm.requests()).hasSize(2);
        assertThat(llm.requests().get(1).seed()).isNotEqualTo(5L);
    }

    @Test
    void afterFourAnswersWithoutANumberTheNodeFailsAsMalformedOutput() {
        ScriptedLlm llm = ScriptedLlm.answering(r -> LlmResponse.of("Question: What makes the tides?"));
        assertThatThrownBy(() -> NumberedCstStep.builder().backend(llm).build().expand(ROOT.node(0), 1)
                        .toCompletableFuture().join())
                .isInstanceOf(CompletionException.class)
                .satisfies(t -> assertThat(LlmException.kindOf(t)).isEqualTo(LlmException.Kind.MALFORMED_OUTPUT))
                .hasMessageContaining("no 'Split after'");
        assertThat(llm.requests()).hasSize(4);
    }

    @Test
    void theBundledExamplesSplitInsideTheirSentenceCounts() {
        for (Language language : Language.values()) {
            NumberedCstPrompt prompt = NumberedCstPrompt.defaults(language);
            assertThat(prompt.examples()).hasSizeGreaterThanOrEqualTo(3);
            assertThat(prompt.id()).startsWith("cstn-" + language.code() + "-");
            assertThat(prompt.examples()).allSatisfy(e -> assertThat(e.sentences().size()).isGreaterThan(e.splitAfter()));
        }
    }

    @Test
    void aUserPromptReplacesTheBundledOne() {
        ScriptedLlm llm = ScriptedLlm.immediate();
        NumberedCstPrompt mine = NumberedCstPrompt.defaults(Language.EN).withInstruction("Ask and split.")
                .withExamples(List.of(NumberedCstPrompt.Example.of("One. Two.", Language.EN, "Which numbers?", 1)));
        NumberedCstStep.builder().backend(llm).prompt(mine).build().expand(ROOT.node(0), 1).toCompletableFuture().join();
        assertThat(llm.requests().get(0).prompt()).startsWith("Ask and split.\n\nSentences:\n[1] One.\n[2] Two.\nQuestion: Which numbers?\nSplit after: 1\n");
    }
}
