package io.augcon.core.internal.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.core.internal.stage.RunFailure;
import io.augcon.core.llm.AdaptiveConcurrency;
import io.augcon.core.llm.OutageException;
import io.augcon.testkit.ManualScheduler;
import io.augcon.testkit.ScriptedLlm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** AIMD and the circuit breaker on a held scripted LLM and virtual time: no sleeps. */
class AdaptiveLimiterTest {
    private final ManualScheduler time = new ManualScheduler();
    private final RecordingResilienceListener events = new RecordingResilienceListener();
    private final ScriptedLlm llm = ScriptedLlm.held();
    /** A breaker that never opens, to watch AIMD alone. */
    private static final AdaptiveConcurrency AIMD_ONLY =
            AdaptiveConcurrency.defaults().withBreaker(1.0, 1000, 1000);

    private List<CompletableFuture<LlmResponse>> send(AdaptiveLimiter adaptive, int n) {
        List<CompletableFuture<LlmResponse>> answers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            answers.add(adaptive.limiter().complete(LlmRequest.builder().prompt("p" + i).build()).toCompletableFuture());
        }
        return answers;
    }

    private void answerInFlight(int n, boolean ok) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            ScriptedLlm.Call call = llm.nextCall(5, TimeUnit.SECONDS);
            if (ok) {
                call.answer(LlmResponse.of("ok"));
            } else {
                call.fail(LlmException.forStatus(429, "rate limited"));
            }
        }
    }

    @Test
    void theLimitFallsByAQuarterPerWaveOf429sAndGrowsBackByOnePerWindowOfSuccesses() throws Exception {
        AdaptiveLimiter adaptive = AdaptiveLimiter.around(llm, 16, AIMD_ONLY, time, events);
        List<CompletableFuture<LlmResponse>> answers = send(adaptive, 400);
        assertThat(llm.pending()).hasSize(16);

        answerInFlight(16, false);
        assertThat(adaptive.limit()).as("sixteen 429s of one wave cut once").isEqualTo(12);
        assertThat(llm.pending()).hasSize(12);
        answerInFlight(12, false);
        assertThat(adaptive.limit()).isEqualTo(9);
        answerInFlight(9, false);
        assertThat(adaptive.limit()).isEqualTo(6);
        assertThat(llm.inFlight()).isEqualTo(6);

        int answered = 0;
        while (adaptive.limit() < 16) {
            assertThat(llm.inFlight()).isLessThanOrEqualTo(adaptive.limit());
            answerInFlight(1, true);
            answered++;
        }
        assertThat(answered).as("6+7+...+15 successes to climb back").isEqualTo(6 + 7 + 8 + 9 + 10 + 11 + 12 + 13 + 14 + 15);
        assertThat(events.limits).startsWith(12, 9, 6, 7, 8).endsWith(16);
        assertThat(adaptive.lowestLimit()).isEqualTo(6);
        while (!llm.pending().isEmpty()) {
            answerInFlight(1, true);
        }
        CompletableFuture.allOf(answers.stream().map(f -> f.exceptionally(e -> null)).toArray(CompletableFuture[]::new))
                .get(5, TimeUnit.SECONDS);
        assertThat(answers.stream().filter(CompletableFuture::isCompletedExceptionally)).hasSize(16 + 12 + 9);
        assertThat(llm.requests()).as("every request was sent exactly once").hasSize(400);
        assertThat(adaptive.limiter().limit()).isEqualTo(16);
    }

    @Test
    void theLimitNeverFallsBelowItsFloor() throws Exception {
        AdaptiveConcurrency floor2 = new AdaptiveConcurrency(2, 0.25, 1000, 1000, 1.0,
                Duration.ofSeconds(5), Duration.ofSeconds(60), 8);
        AdaptiveLimiter adaptive = AdaptiveLimiter.around(llm, 3, floor2, time, events);
        send(adaptive, 20);
        for (int wave = 0; wave < 4; wave++) {
            answerInFlight(llm.pending().size(), false);
        }
        assertThat(adaptive.limit()).isEqualTo(2);
        assertThat(llm.pending()).hasSize(2);
    }

    @Test
    void aFailingServerPausesEveryRequestThenOneProbeGoesOutAndAnAnswerResumesTheRun() throws Exception {
        AdaptiveConcurrency breaker = AdaptiveConcurrency.defaults().withBreaker(0.5, 10, 10);
        AdaptiveLimiter adaptive = AdaptiveLimiter.around(llm, 4, breaker, time, events);
        List<CompletableFuture<LlmResponse>> answers = send(adaptive, 30);
        for (int i = 0; i < 10; i++) {
            llm.nextCall(5, TimeUnit.SECONDS).fail(LlmException.forStatus(500, "down"));
        }
        assertThat(adaptive.state()).isEqualTo(AdaptiveLimiter.State.OPEN);
        assertThat(events.pauses).containsExactly(Duration.ofSeconds(5));
        assertThat(llm.pending()).as("in-flight requests started before the pause may finish").hasSizeLessThanOrEqualTo(4);
        answerInFlight(llm.pending().size(), true);
        int sent = llm.requests().size();
        time.advance(Duration.ofMillis(4999));
        assertThat(llm.requests()).as("nothing is sent while paused").hasSize(sent);

        time.advance(Duration.ofMillis(1));
        assertThat(adaptive.state()).isEqualTo(AdaptiveLimiter.State.HALF_OPEN);
        assertThat(llm.pending()).as("one probe").hasSize(1);
        answerInFlight(1, true);
        assertThat(adaptive.state()).isEqualTo(AdaptiveLimiter.State.CLOSED);
        assertThat(events.closedAfter).containsExactly(Duration.ofSeconds(5));
        assertThat(llm.pending()).hasSize(adaptive.limit());

        while (!llm.pending().isEmpty()) {
            answerInFlight(1, true);
        }
        assertThat(answers.stream().filter(f -> f.isDone() && !f.isCompletedExceptionally())).hasSize(20);
        assertThat(llm.requests()).hasSize(30);
    }

    @Test
    void failedProbesDoubleThePauseAndFinallyFailTheQueueWithAnOutageThatEndsTheRun() throws Exception {
        AdaptiveConcurrency breaker = AdaptiveConcurrency.defaults().withBreaker(0.5, 4, 4)
                .withBreakerPause(Duration.ofSeconds(1), Duration.ofSeconds(3)).withProbesBeforeGivingUp(3);
        AdaptiveLimiter adaptive = AdaptiveLimiter.around(llm, 4, breaker, time, events);
        List<CompletableFuture<LlmResponse>> answers = send(adaptive, 10);
        for (int i = 0; i < 4; i++) {
            llm.nextCall(5, TimeUnit.SECONDS).fail(new LlmException(LlmException.Kind.CONNECTION, "refused"));
        }
        assertThat(llm.pending()).as("requests started before the pause").hasSize(3);
        for (Duration pause : List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3))) {
            time.advance(pause);
            llm.nextCall(5, TimeUnit.SECONDS).fail(new LlmException(LlmException.Kind.CONNECTION, "refused"));
        }
        assertThat(llm.requests()).as("no probe while old requests are in flight: they answer for the server")
                .hasSize(7);
        assertThat(events.pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3));
        assertThat(adaptive.state()).isEqualTo(AdaptiveLimiter.State.GAVE_UP);
        List<CompletableFuture<LlmResponse>> queued = answers.subList(7, 10);
        assertThat(llm.pending()).isEmpty();
        assertThat(queued).allSatisfy(f -> {
            Throwable why = RetryingBackendTest.catchCause(f);
            assertThat(why).isInstanceOf(OutageException.class);
            assertThat(RunFailure.endsTheRun(why)).isTrue();
        });

        time.advance(Duration.ofSeconds(3));
        CompletableFuture<LlmResponse> probe = send(adaptive, 1).get(0);
        answerInFlight(1, true);
        assertThat(probe.get(1, TimeUnit.SECONDS).text()).isEqualTo("ok");
        assertThat(adaptive.state()).isEqualTo(AdaptiveLimiter.State.CLOSED);
    }

    /** Sends each request again, as a {@link RetryingBackend} outside the limiter would. */
    private List<CompletableFuture<LlmResponse>> resend(AdaptiveLimiter adaptive, List<LlmRequest> requests) {
        return requests.stream().map(r -> adaptive.limiter().complete(r).toCompletableFuture()).toList();
    }

    private static LlmException reset() {
        return new LlmException(LlmException.Kind.CONNECTION, "connection reset");
    }

    @Test
    void withRetriesAStartUpBurstOfResetsThatTheRetriesRepairNeverOpensTheBreaker() throws Exception {
        AdaptiveLimiter adaptive = AdaptiveLimiter.around(llm, 64, AdaptiveConcurrency.defaults(), true, time, events);
        send(adaptive, 64);
        List<LlmRequest> reset = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            ScriptedLlm.Call call = llm.nextCall(5, TimeUnit.SECONDS);
            if (i < 40) {
                reset.add(call.request());
                call.fail(reset());
            } else {
                call.answer(LlmResponse.of("ok"));
            }
        }
        assertThat(adaptive.state()).as("40 first failures of 64 are not yet counted").isEqualTo(AdaptiveLimiter.State.CLOSED);
        List<CompletableFuture<LlmResponse>> retries = resend(adaptive, reset);
        answerInFlight(40, true);
        assertThat(retries).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(events.pauses).isEmpty();
        assertThat(adaptive.state()).isEqualTo(AdaptiveLimiter.State.CLOSED);
    }

    @Test
    void withoutRetriesTheSameBurstOpensTheBreaker() throws Exception {
        AdaptiveLimiter adaptive = AdaptiveLimiter.around(llm, 64, AdaptiveConcurrency.defaults(), false, time, events);
        send(adaptive, 64);
        for (int i = 0; i < 10; i++) {
            llm.nextCall(5, TimeUnit.SECONDS).fail(reset());
        }
        assertThat(adaptive.state()).as("ten failures, each final").isEqualTo(AdaptiveLimiter.State.OPEN);
        assertThat(events.pauses).containsExactly(Duration.ofSeconds(5));
    }

    @Test
    void withRetriesAServerThatStaysDownOpensTheBreakerWhenTheRetriesFailToo() throws Exception {
        AdaptiveLimiter adaptive = AdaptiveLimiter.around(llm, 16, AdaptiveConcurrency.defaults(), true, time, events);
        send(adaptive, 16);
        List<LlmRequest> failed = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            ScriptedLlm.Call call = llm.nextCall(5, TimeUnit.SECONDS);
            failed.add(call.request());
            call.fail(reset());
        }
        assertThat(adaptive.state()).isEqualTo(AdaptiveLimiter.State.CLOSED);
        resend(adaptive, failed);
        for (int i = 0; i < 9; i++) {
            llm.nextCall(5, TimeUnit.SECONDS).fail(reset());
        }
        assertThat(adaptive.state()).as("nine second failures").isEqualTo(AdaptiveLimiter.State.CLOSED);
        llm.nextCall(5, TimeUnit.SECONDS).fail(reset());
        assertThat(adaptive.state()).as("the tenth").isEqualTo(AdaptiveLimiter.State.OPEN);
        assertThat(events.pauses).containsExactly(Duration.ofSeconds(5));
    }

    @Test
    void settingsOutOfRangeAreNamed() {
        assertThatThrownBy(() -> new AdaptiveConcurrency(0, 0.25, 20, 10, 0.5, Duration.ofSeconds(5),
                Duration.ofSeconds(60), 8)).hasMessageContaining("minLimit");
        assertThatThrownBy(() -> AdaptiveConcurrency.defaults().withBreaker(0.5, 5, 10))
                .hasMessageContaining("breakerMinCalls");
        assertThatThrownBy(() -> AdaptiveConcurrency.defaults().withBreakerPause(Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .hasMessageContaining("breakerMaxPause");
    }
}
