package io.augcon.core.internal.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.api.FinishReason;
import io.augcon.api.LlmBackend;
import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.TokenUsage;
import io.augcon.core.event.LlmCallListener;
import io.augcon.core.event.ResilienceListener;
import io.augcon.core.llm.LlmPolicy;
import io.augcon.core.llm.Resilience;
import io.augcon.core.llm.RetryPolicy;
import io.augcon.testkit.ManualScheduler;
import io.augcon.testkit.ScriptedLlm;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimeoutAndTruncationTest {
    private final ManualScheduler time = new ManualScheduler();
    private final LlmRequest request = LlmRequest.builder().prompt("p").maxTokens(100).seed(5L).build();

    /** Never answers on its own; keeps what it handed out. */
    private static final class Hanging implements LlmBackend {
        final List<CompletableFuture<LlmResponse>> calls = new CopyOnWriteArrayList<>();

        @Override
        public CompletionStage<LlmResponse> complete(LlmRequest request) {
            CompletableFuture<LlmResponse> f = new CompletableFuture<>();
            calls.add(f);
            return f;
        }
    }

    @Test
    void noAnswerWithinTheTimeoutFailsAsTimeoutAndCancelsTheCall() {
        Hanging hanging = new Hanging();
        CompletableFuture<LlmResponse> answer = new TimeoutBackend(hanging, Duration.ofSeconds(3), time)
                .complete(request).toCompletableFuture();
        time.advance(Duration.ofMillis(2999));
        assertThat(answer).isNotDone();
        time.advance(Duration.ofMillis(1));
        assertThat(LlmException.kindOf(RetryingBackendTest.catchCause(answer))).isEqualTo(LlmException.Kind.TIMEOUT);
        assertThat(hanging.calls.get(0)).isCancelled();
    }

    @Test
    void anAnswerInTimeCallsTheDeadlineOff() throws Exception {
        Hanging hanging = new Hanging();
        CompletableFuture<LlmResponse> answer = new TimeoutBackend(hanging, Duration.ofSeconds(3), time)
                .complete(request).toCompletableFuture();
        hanging.calls.get(0).complete(LlmResponse.of("in time"));
        assertThat(time.pending()).isZero();
        time.advance(Duration.ofSeconds(10));
        assertThat(answer.get(1, TimeUnit.SECONDS).text()).isEqualTo("in time");
    }

    @Test
    void theDefaultChainTimesOutAnyBackendAfterTenMinutes() {
        Hanging hanging = new Hanging();
        // The defaults, but no retry: the first timeout is the chain's answer.
        LlmPolicy policy = LlmPolicy.DEFAULTS.withResilience(Resilience.builder().retry(RetryPolicy.none()).build());
        CompletableFuture<LlmResponse> answer = LlmChain.around(hanging, policy, List.of(), time, LlmCallListener.NONE,
                ResilienceListener.NONE).backend().complete(request).toCompletableFuture();
        time.advance(Duration.ofMinutes(10).minusMillis(1));
        assertThat(answer).isNotDone();
        time.advance(Duration.ofMillis(1));
        Throwable failure = RetryingBackendTest.catchCause(answer);
        assertThat(LlmException.kindOf(failure)).isEqualTo(LlmException.Kind.TIMEOUT);
        assertThat(failure).hasMessageContaining("no answer within 600000 ms from " + Hanging.class.getName());
        assertThat(hanging.calls.get(0)).isCancelled();
    }

    @Test
    void noRequestTimeoutSetsNoDeadline() {
        Hanging hanging = new Hanging();
        LlmPolicy policy = LlmPolicy.DEFAULTS.withResilience(Resilience.builder().retry(RetryPolicy.none())
                .requestTimeout(Resilience.NO_REQUEST_TIMEOUT).build());
        CompletableFuture<LlmResponse> answer = LlmChain.around(hanging, policy, List.of(), time, LlmCallListener.NONE,
                ResilienceListener.NONE).backend().complete(request).toCompletableFuture();
        assertThat(time.pending()).isZero();
        time.advance(Duration.ofDays(1));
        assertThat(answer).isNotDone();
    }

    /** Returns null instead of a stage, as a hand-written backend might. */
    private static final class ReturnsNull implements LlmBackend {
        @Override
        public CompletionStage<LlmResponse> complete(LlmRequest request) {
            return null;
        }
    }

    @ParameterizedTest(name = "request timeout {0}")
    @ValueSource(strings = {"PT10M", "PT0S"})
    void aBackendThatReturnsNullIsNamedWhateverTheTimeout(String timeout) {
        LlmPolicy policy = LlmPolicy.DEFAULTS.withResilience(Resilience.builder().retry(RetryPolicy.none())
                .requestTimeout(Duration.parse(timeout)).build());
        CompletableFuture<LlmResponse> answer = LlmChain.around(new ReturnsNull(), policy, List.of(), time,
                LlmCallListener.NONE, ResilienceListener.NONE).backend().complete(request).toCompletableFuture();
        assertThat(RetryingBackendTest.catchCause(answer)).isInstanceOf(NullPointerException.class)
                .hasMessageStartingWith("LlmBackend " + ReturnsNull.class.getName()
                        + " returned null from complete(); return a CompletionStage");
    }

    private static LlmResponse answerFitting(LlmRequest r, int needed) {
        return r.maxTokens() >= needed
                ? new LlmResponse("whole answer", FinishReason.STOP, new TokenUsage(10, needed), "m")
                : new LlmResponse("cut ans", FinishReason.LENGTH, new TokenUsage(10, r.maxTokens()), "m");
    }

    @Test
    void aTruncatedAnswerIsAskedOnceMoreWithTwiceTheTokensAndTheSameSeed() throws Exception {
        ScriptedLlm llm = ScriptedLlm.answering(r -> answerFitting(r, 150));
        RecordingResilienceListener events = new RecordingResilienceListener();
        LlmResponse answer = new TruncationRetryBackend(llm, 2, 32_768, events).complete(request)
                .toCompletableFuture().get(1, TimeUnit.SECONDS);
        assertThat(answer.text()).isEqualTo("whole answer");
        assertThat(llm.requests()).extracting(LlmRequest::maxTokens).containsExactly(100, 200);
        assertThat(llm.requests()).extracting(LlmRequest::seed).containsExactly(5L, 5L);
        assertThat(events.truncations).hasSize(1);
    }

    @Test
    void aSecondTruncationIsReturnedAsItIsForTheStageToReask() throws Exception {
        ScriptedLlm llm = ScriptedLlm.answering(r -> answerFitting(r, 1000));
        LlmResponse answer = new TruncationRetryBackend(llm, 2, 150, ResilienceListener.NONE).complete(request)
                .toCompletableFuture().get(1, TimeUnit.SECONDS);
        assertThat(answer.truncated()).isTrue();
        assertThat(llm.requests()).extracting(LlmRequest::maxTokens).containsExactly(100, 150);
    }
}
