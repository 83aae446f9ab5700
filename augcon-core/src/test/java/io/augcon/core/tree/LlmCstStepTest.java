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
import io.augcon.api.TokenUsage;
import io.augcon.testkit.ScriptedAnswers;
import io.augcon.testkit.ScriptedLlm;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LlmCstStepTest {
    private static final String TEXT = "The Moon pulls the ocean toward it as the Earth turns. The Sun adds a smaller pull.";
    private static final RootContext ROOT = new RootContext("d#0", "d", 3, 0, 0, TEXT.length(), TEXT, Language.EN);

    @Test
    void oneRequestCarriesThePromptSamplingSettingsAndSeed() {
        ScriptedLlm llm = ScriptedLlm.immediate();
        Expansion e = LlmCstStep.builder().backend(llm).build().expand(ROOT.node(0), 1234).toCompletableFuture().join();

        assertThat(e.query()).isPresent();
        assertThat(e.split()).isPresent();
        assertThat(llm.requests()).hasSize(1);
        LlmRequest request = llm.requests().get(0);
        assertThat(request.prompt()).endsWith(TEXT + "\nQuestion:");
        assertThat(request.temperature()).isEqualTo(0.85);
        assertThat(request.seed()).isEqualTo(1234L);
        assertThat(request.stage()).isEqualTo("cst");
        assertThat(request.priority()).isEqualTo(3);
        assertThat(request.stop()).contains("\nContext:");
        assertThat(request.maxTokens()).isGreaterThan(TEXT.length());
    }

    @Test
    void unparseableAnswersAreAskedAgainWithFreshSeedsAndCounted() {
        AtomicInteger calls = new AtomicInteger();
        ScriptedLlm llm = ScriptedLlm.answering(r -> calls.incrementAndGet() < 3
                ? LlmResponse.of("I am not sure what you mean.")
                : ScriptedAnswers.answer(r));
        Expansion e = LlmCstStep.builder().backend(llm).build().expand(ROOT.node(0), 99).toCompletableFuture().join();

        assertThat(e.failedAttempts()).isEqualTo(2);
        assertThat(new HashSet<>(llm.requests().stream().map(LlmRequest::seed).toList())).hasSize(3);
        assertThat(llm.requests().get(0).seed()).isEqualTo(99L);
    }

    @Test
    void afterFourUnusableAnswersTheNodeFailsAsMalformedOutput() {
        ScriptedLlm llm = ScriptedLlm.answering(r -> LlmResponse.of("Question: only a question"));
        assertThatThrownBy(() -> LlmCstStep.builder().backend(llm).build().expand(ROOT.node(0), 1).toCompletableFuture().join())
                .isInstanceOf(CompletionException.class)
                .satisfies(t -> assertThat(LlmException.kindOf(t)).isEqualTo(LlmException.Kind.MALFORMED_OUTPUT))
                .hasMessageContaining("d#0/0/r")
                .hasMessageContaining("4 attempts");
        assertThat(llm.requests()).hasSize(4);
    }

    @Test
    void aTruncatedAnswerIsNotUsedEvenWhenItParses() {
        AtomicInteger calls = new AtomicInteger();
        ScriptedLlm llm = ScriptedLlm.answering(r -> {
            LlmResponse full = ScriptedAnswers.answer(r);
            return calls.incrementAndGet() == 1
                    ? new LlmResponse(full.text(), FinishReason.LENGTH, TokenUsage.ZERO, "m")
                    : full;
        });
        Expansion e = LlmCstStep.builder().backend(llm).build().expand(ROOT.node(0), 1).toCompletableFuture().join();
        assertThat(e.failedAttempts()).isEqualTo(1);
    }

    @Test
    void chineseRootsGetTheChinesePrompt() {
        String zh = "潮汐每天涨落两次。月球的引力把海水拉向它。";
        RootContext root = new RootContext("z#0", "z", 0, 0, 0, zh.length(), zh, Language.ZH);
        ScriptedLlm llm = ScriptedLlm.immediate();
        LlmCstStep.builder().backend(llm).build().expand(root.node(0), 1).toCompletableFuture().join();
        assertThat(llm.requests().get(0).prompt()).endsWith("上下文：" + zh + "\n问题：");
    }

    @Test
    void maxAttemptsBelowOneIsRejected() {
        assertThatThrownBy(() -> LlmCstStep.builder().maxAttempts(0)).hasMessageContaining("maxAttempts");
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
}
