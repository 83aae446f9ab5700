package io.augcon.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.api.FinishReason;
import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.SftRecord;
import io.augcon.api.TokenUsage;
import io.augcon.core.run.RunSummary;
import io.augcon.testkit.ManualScheduler;
import io.augcon.testkit.ScriptedAnswers;
import io.augcon.testkit.ScriptedLlm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A whole run through a scripted LLM that fails the first attempt of chosen requests: the run
 * ends with exactly the records of a fault-free run, and every fault is counted by kind.
 */
class ResilientRunTest {

    private record Outcome(List<SftRecord> records, RunSummary summary, ManualScheduler time) {}

    private static Outcome run(Function<LlmRequest, LlmResponse> script) throws Exception {
        ManualScheduler time = ManualScheduler.autoAdvancing();
        AugCon augcon = AugCon.builder()
                .llm(ScriptedLlm.answering(script))
                .concurrency(4)
                .seed(3)
                .scheduler(time)
                .build();
        List<SftRecord> records = Collections.synchronizedList(new ArrayList<>());
        RunSummary summary = augcon.run(AugConPipelineTest.corpus().stream(), records::add);
        return new Outcome(List.copyOf(records), summary, time);
    }

    @Test
    void firstAttemptsFailingWith500s429sAndTruncationLoseNoRecordAndAreCountedByKind() throws Exception {
        Outcome clean = run(ScriptedAnswers::answer);

        Set<String> seen = Collections.synchronizedSet(new HashSet<>());
        AtomicInteger serverErrors = new AtomicInteger();
        AtomicInteger rateLimits = new AtomicInteger();
        AtomicInteger truncations = new AtomicInteger();
        Outcome faulty = run(r -> {
            String key = r.asMessages() + "|" + r.seed();
            int bucket = Math.floorMod(key.hashCode(), 5);
            if (!seen.add(key) || bucket > 2) {
                return ScriptedAnswers.answer(r);
            }
            if (bucket == 0) {
                serverErrors.incrementAndGet();
                throw LlmException.forStatus(500, "HTTP 500: injected");
            }
            if (bucket == 1) {
                rateLimits.incrementAndGet();
                throw LlmException.forStatus(429, "HTTP 429: injected", Duration.ofSeconds(7));
            }
            truncations.incrementAndGet();
            return new LlmResponse("Question: cut sh", FinishReason.LENGTH, new TokenUsage(5, r.maxTokens()), "scripted");
        });

        assertThat(serverErrors.get()).isPositive();
        assertThat(rateLimits.get()).isPositive();
        assertThat(truncations.get()).isPositive();
        assertThat(faulty.records()).as("the same records, none lost or doubled").isEqualTo(clean.records());
        RunSummary s = faulty.summary();
        assertThat(s.records()).isEqualTo(clean.summary().records());
        assertThat(s.resilience().retries()).containsEntry("http_status", (long) serverErrors.get())
                .containsEntry("rate_limited", (long) rateLimits.get());
        assertThat(s.resilience().truncationRetries()).isEqualTo(truncations.get());
        assertThat(s.resilience().gaveUp()).isEmpty();
        assertThat(s.llmFailures()).containsEntry("http_status", (long) serverErrors.get())
                .containsEntry("rate_limited", (long) rateLimits.get());
        assertThat(s.totalLlmCalls()).isEqualTo(clean.summary().totalLlmCalls() + serverErrors.get() + rateLimits.get()
                + truncations.get());
        assertThat(s.nodeFailures()).isEmpty();
        assertThat(s.responseFailures()).isEmpty();
        assertThat(faulty.time().delays().stream().filter(d -> d.equals(Duration.ofSeconds(7))))
                .as("each 429 waited its Retry-After").hasSize(rateLimits.get());
        assertThat(s.format()).contains("LLM retries " + (serverErrors.get() + rateLimits.get()))
                .contains("truncated answers retried with more tokens " + truncations.get());
    }
}
