package io.augcon.core.internal.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.api.LlmBackend;
import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.api.Scheduler;
import io.augcon.core.event.LlmCallListener;
import io.augcon.core.event.ResilienceListener;
import io.augcon.core.llm.LlmPolicy;
import io.augcon.core.llm.Resilience;
import io.augcon.core.run.RunCounters;
import io.augcon.testkit.ScriptedLlm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ResilienceSettingsTest {

    @Test
    void badKnobsAreNamed() {
        assertThatThrownBy(() -> Resilience.builder().requestTimeout(Duration.ofSeconds(-1))).hasMessageContaining("requestTimeout");
        assertThatThrownBy(() -> Resilience.builder().truncationRetry(0.5, 10)).hasMessageContaining("truncationRetry factor");
        assertThatThrownBy(() -> Resilience.builder().truncationRetry(2, 0)).hasMessageContaining("truncationRetry maxTokens");
    }

    @Test
    void theDefaultsRetryAndAdaptAndOffDoesNeither() {
        LlmChain on = chain(LlmPolicy.DEFAULTS);
        assertThat(on.backend()).isSameAs(on.guard());
        assertThat(on.guard().delegate()).isInstanceOf(TruncationRetryBackend.class);
        assertThat(on.controller()).isNotNull();
        assertThat(on.limiter().limit()).isEqualTo(8);
        LlmChain off = chain(LlmPolicy.DEFAULTS.withResilience(Resilience.off()));
        assertThat(off.guard().delegate()).isSameAs(off.limiter());
        assertThat(off.controller()).isNull();
    }

    @Test
    void theChainKeepsItsOrderFromTheStagesInward() {
        List<String> seen = new ArrayList<>();
        UnaryOperator<LlmBackend> mine = inner -> {
            seen.add(inner.getClass().getSimpleName());
            return inner;
        };
        LlmPolicy policy = LlmPolicy.DEFAULTS.withConcurrency(8).withMaxCalls(100)
                .withResilience(Resilience.builder().requestTimeout(Duration.ofSeconds(5)).build());
        LlmChain.around(ScriptedLlm.immediate(), policy, List.of(mine), Scheduler.system(), LlmCallListener.NONE,
                ResilienceListener.NONE);
        LlmChain.around(ScriptedLlm.immediate(), LlmPolicy.DEFAULTS, List.of(mine), Scheduler.system(),
                LlmCallListener.NONE, ResilienceListener.NONE);
        // A user's decorator wraps the budget when one is set, else the metering; the timeout is inside both.
        assertThat(seen).containsExactly("BudgetBackend", "MeteredBackend");
    }

    private static LlmChain chain(LlmPolicy policy) {
        return LlmChain.around(ScriptedLlm.immediate(), policy.withConcurrency(8), List.of(), Scheduler.system(),
                LlmCallListener.NONE, ResilienceListener.NONE);
    }

    @Test
    void theProgressLineShowsFailuresByKindRetriesTheLimitAndAPause() {
        RunCounters counters = new RunCounters(() -> 0L);
        LlmRequest request = LlmRequest.builder().prompt("p").stage("cst").build();
        counters.llmCallDone(request, null, LlmException.forStatus(429, "slow"), 1);
        counters.llmCallDone(request, null, new LlmException(LlmException.Kind.TIMEOUT, "late"), 1);
        counters.retryScheduled(request, LlmException.forStatus(429, "slow"), 1, Duration.ofSeconds(1));
        counters.concurrencyLimitChanged(16, 12);
        counters.circuitOpened(0.6, Duration.ofSeconds(5));
        assertThat(counters.progressLine()).contains("LLM calls 2 | failed 2 (rate_limited 1, timeout 1) | retries 1 | limit 12 | PAUSED");
        counters.circuitClosed(Duration.ofSeconds(5));
        assertThat(counters.progressLine()).doesNotContain("PAUSED");
        assertThat(counters.summary().resilience().format())
                .isEqualTo("LLM retries 1 (rate_limited 1), gave up 0; truncated answers retried with more tokens 0; "
                        + "concurrency limit cut 1 times (lowest 12, at the end 12); circuit breaker pauses 1 (5.0 s)");
    }
}
