package io.augcon.core.internal.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.api.FinishReason;
import io.augcon.api.LlmBackend;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.TokenUsage;
import io.augcon.core.internal.stage.RunFailure;
import io.augcon.core.llm.AnswerStore;
import io.augcon.core.llm.BudgetExhaustedException;
import io.augcon.core.llm.CachingBackend;
import io.augcon.core.llm.LlmPolicy;
import io.augcon.testkit.ScriptedLlm;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class BudgetBackendTest {
    private static LlmRequest request(int i) {
        return LlmRequest.builder().prompt("question " + i).seed((long) i).build();
    }

    private static LlmResponse ask(LlmBackend b, int i) {
        return b.complete(request(i)).toCompletableFuture().join();
    }

    @Test
    void theCallBudgetPassesExactlyNCallsAndRefusesTheNextWithARunEndingFailure() {
        ScriptedLlm llm = ScriptedLlm.immediate();
        BudgetBackend budget = new BudgetBackend(llm, 3, LlmPolicy.UNLIMITED);
        LlmBackend b = budget;
        for (int i = 0; i < 3; i++) {
            ask(b, i);
        }
        assertThatThrownBy(() -> ask(b, 3))
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(BudgetExhaustedException.class)
                .hasMessageContaining("call budget is spent")
                .satisfies(e -> assertThat(RunFailure.endsTheRun(e)).isTrue());
        assertThat(llm.requests()).hasSize(3);
        assertThat(budget.calls()).isEqualTo(3);
        assertThat(budget.refused()).isEqualTo(1);
    }

    @Test
    void cacheHitsAroundTheBudgetAreFree() {
        ScriptedLlm llm = ScriptedLlm.immediate();
        CachingBackend cached = new CachingBackend(new BudgetBackend(llm, 1, LlmPolicy.UNLIMITED), new MemoryStore());
        LlmBackend b = cached;
        String first = ask(b, 0).text();
        for (int i = 0; i < 5; i++) {
            assertThat(ask(b, 0).text()).isEqualTo(first);
        }
        assertThatThrownBy(() -> ask(b, 1)).hasCauseInstanceOf(BudgetExhaustedException.class);
        assertThat(llm.requests()).hasSize(1);
    }

    @Test
    void theTokenBudgetStopsCallsOnceTheReportedUsageReachesIt() {
        ScriptedLlm llm = ScriptedLlm.answering(r -> new LlmResponse("ok", FinishReason.STOP, new TokenUsage(30, 10), "m"));
        BudgetBackend budget = new BudgetBackend(llm, LlmPolicy.UNLIMITED, 100);
        LlmBackend b = budget;
        ask(b, 0);
        ask(b, 1);
        assertThat(budget.tokens()).isEqualTo(80);
        ask(b, 2);
        assertThatThrownBy(() -> ask(b, 3)).hasCauseInstanceOf(BudgetExhaustedException.class)
                .hasMessageContaining("token budget is spent: 120 tokens used of 100");
        assertThat(llm.requests()).hasSize(3);
    }

    @Test
    void aNegativeBudgetIsRefusedNamingIt() {
        assertThatThrownBy(() -> new BudgetBackend(ScriptedLlm.immediate(), -1, 5)).hasMessageContaining("maxCalls must be >= 0");
    }

    /** An answer store in memory. */
    private static final class MemoryStore implements AnswerStore {
        private final Map<String, LlmResponse> answers = new ConcurrentHashMap<>();

        @Override
        public LlmResponse get(String key) {
            return answers.get(key);
        }

        @Override
        public void put(String key, LlmResponse answer) {
            answers.put(key, answer);
        }

        @Override
        public int size() {
            return answers.size();
        }

        @Override
        public void close() {}
    }
}
