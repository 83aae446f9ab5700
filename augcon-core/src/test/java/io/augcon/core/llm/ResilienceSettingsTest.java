package io.augcon.core.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.core.run.RunCounters;
import io.augcon.testkit.ScriptedLlm;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResilienceSettingsTest {

    @Test
    void badKnobsAreNamed() {
        assertThatThrownBy(() -> Resilience.builder().requestTimeout(Duration.ZERO)).hasMessageContaining("requestTimeout");
        assertThatThrownBy(() -> Resilience.builder().truncationRetry(0.5, 10)).hasMessageContaining("truncationRetry factor");
        assertThatThrownBy(() -> Resilience.builder().truncationRetry(2, 0)).hasMessageContaining("truncationRetry maxTokens");
    }

    @Test
    void theDefaultsRetryAndAdaptAndOffDoesNeither() {
        Resilience.Chain on = Resilience.defaults().around(ScriptedLlm.immediate(), 8, ResilienceListener.NONE);
        assertThat(on.backend()).isInstanceOf(TruncationRetryBackend.class);
        assertThat(on.controller()).isNotNull();
        assertThat(on.limiter().limit()).isEqualTo(8);
        Resilience.Chain off = Resilience.off().around(ScriptedLlm.immediate(), 8, ResilienceListener.NONE);
        assertThat(off.backend()).isSameAs(off.limiter());
        assertThat(off.controller()).isNull();
        assertThat(Resilience.defaults().timed(ScriptedLlm.immediate())).isInstanceOf(ScriptedLlm.class);
        assertThat(Resilience.builder().requestTimeout(Duration.ofSeconds(5)).build().timed(ScriptedLlm.immediate()))
                .isInstanceOf(TimeoutBackend.class);
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
