package io.augcon.core.internal.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.core.llm.RetryPolicy;
import io.augcon.testkit.ManualScheduler;
import io.augcon.testkit.ScriptedLlm;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryingBackendTest {
    private final ManualScheduler time = new ManualScheduler();
    private final RecordingResilienceListener events = new RecordingResilienceListener();
    private final LlmRequest request = LlmRequest.builder().prompt("p").seed(11L).build();

    /** A backend that fails its first {@code failures} calls with {@code error}, then answers "ok". */
    private static ScriptedLlm failingFirst(int failures, LlmException error, AtomicInteger calls) {
        return ScriptedLlm.answering(r -> {
            if (calls.incrementAndGet() <= failures) {
                throw error;
            }
            return LlmResponse.of("ok");
        });
    }

    private RetryingBackend retrying(ScriptedLlm llm, RetryPolicy policy, double random) {
        return new RetryingBackend(llm, policy, time, events, () -> random);
    }

    @Test
    void serverErrorsAreRetriedAfterExponentiallyGrowingWaitsUntilAnAnswerComes() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ScriptedLlm llm = failingFirst(3, LlmException.forStatus(500, "HTTP 500"), calls);
        CompletableFuture<LlmResponse> answer = retrying(llm, RetryPolicy.defaults(), 0).complete(request).toCompletableFuture();

        assertThat(calls).hasValue(1);
        time.advance(Duration.ofMillis(499));
        assertThat(calls).hasValue(1);
        time.advance(Duration.ofMillis(1));
        assertThat(calls).hasValue(2);
        time.advance(Duration.ofMillis(1000));
        assertThat(calls).hasValue(3);
        assertThat(answer).isNotDone();
        time.advance(Duration.ofMillis(2000));

        assertThat(answer.get(1, TimeUnit.SECONDS).text()).isEqualTo("ok");
        assertThat(events.retryDelays).containsExactly(Duration.ofMillis(500), Duration.ofMillis(1000), Duration.ofMillis(2000));
        assertThat(llm.requests()).hasSize(4).allSatisfy(r -> assertThat(r).isEqualTo(request));
    }

    @Test
    void jitterTakesUpToItsShareOffEachWaitAndTheWaitIsCapped() {
        RetryPolicy policy = RetryPolicy.builder().jitter(0.5).maxBackoff(Duration.ofSeconds(3)).build();
        Throwable e = LlmException.forStatus(502, "bad gateway");
        assertThat(policy.delayBefore(1, e, 0.0)).isEqualTo(Duration.ofMillis(500));
        assertThat(policy.delayBefore(1, e, 0.999999)).isBetween(Duration.ofMillis(250), Duration.ofMillis(251));
        assertThat(policy.delayBefore(4, e, 0.0)).isEqualTo(Duration.ofSeconds(3));
        assertThat(policy.delayBefore(9, e, 0.5)).isEqualTo(Duration.ofMillis(2250));
    }

    @Test
    void aRateLimitWaitsAtLeastWhatRetryAfterAsksButNoLongerThanTheCap() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        LlmException limited = LlmException.forStatus(429, "slow down", Duration.ofSeconds(7));
        CompletableFuture<LlmResponse> answer = retrying(failingFirst(1, limited, calls), RetryPolicy.defaults(), 0)
                .complete(request).toCompletableFuture();
        time.advance(Duration.ofMillis(6999));
        assertThat(calls).hasValue(1);
        time.advance(Duration.ofMillis(1));
        assertThat(answer.get(1, TimeUnit.SECONDS).text()).isEqualTo("ok");
        assertThat(events.retryDelays).containsExactly(Duration.ofSeconds(7));
        assertThat(events.retryKinds).containsExactly(LlmException.Kind.RATE_LIMITED);

        RetryPolicy capped = RetryPolicy.builder().maxRetryAfter(Duration.ofSeconds(2)).build();
        assertThat(capped.delayBefore(1, LlmException.forStatus(429, "x", Duration.ofHours(1)), 0))
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(capped.delayBefore(1, LlmException.forStatus(503, "x", Duration.ZERO), 0))
                .as("a Retry-After shorter than the backoff waits the backoff").isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void afterTheLastAttemptTheLastFailureComesBackAsItWas() {
        AtomicInteger calls = new AtomicInteger();
        LlmException timeout = new LlmException(LlmException.Kind.TIMEOUT, "no answer");
        RetryPolicy three = RetryPolicy.builder().maxAttempts(3).build();
        CompletableFuture<LlmResponse> answer = retrying(failingFirst(99, timeout, calls), three, 0)
                .complete(request).toCompletableFuture();
        time.advance(Duration.ofMinutes(1));
        assertThat(calls).hasValue(3);
        assertThat(answer).isCompletedExceptionally();
        assertThat(catchCause(answer)).isSameAs(timeout);
        assertThat(events.retryDelays).hasSize(2);
        assertThat(events.exhausted).containsExactly(3);
    }

    @Test
    void failuresARetryWouldRepeatAreNotRetried() {
        for (LlmException e : List.of(LlmException.forStatus(400, "bad request"), LlmException.forStatus(401, "key"),
                LlmException.forStatus(404, "no model"), new LlmException(LlmException.Kind.MALFORMED_OUTPUT, "layout"),
                new LlmException(LlmException.Kind.TRUNCATED, "cut"))) {
            AtomicInteger calls = new AtomicInteger();
            CompletableFuture<LlmResponse> answer = retrying(failingFirst(1, e, calls), RetryPolicy.defaults(), 0)
                    .complete(request).toCompletableFuture();
            time.advance(Duration.ofMinutes(5));
            assertThat(calls).as(e.getMessage()).hasValue(1);
            assertThat(catchCause(answer)).isSameAs(e);
        }
        assertThat(events.retryDelays).isEmpty();
        assertThat(events.exhausted).isEmpty();
    }

    @Test
    void transientKindsAreTheOnesWorthAnotherAttempt() {
        assertThat(RetryPolicy.isTransient(new LlmException(LlmException.Kind.CONNECTION, "reset"))).isTrue();
        assertThat(RetryPolicy.isTransient(new LlmException(LlmException.Kind.MALFORMED_RESPONSE, "cut body"))).isTrue();
        assertThat(RetryPolicy.isTransient(LlmException.forStatus(503, "busy"))).isTrue();
        assertThat(RetryPolicy.isTransient(LlmException.forStatus(408, "slow"))).isTrue();
        assertThat(RetryPolicy.isTransient(LlmException.forStatus(501, "never"))).isFalse();
        assertThat(RetryPolicy.isTransient(new IllegalStateException("bug"))).isFalse();
    }

    @Test
    void cancellingDuringTheWaitSendsNothingMore() {
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<LlmResponse> answer = retrying(failingFirst(1, LlmException.forStatus(500, "x"), calls),
                RetryPolicy.defaults(), 0).complete(request).toCompletableFuture();
        answer.cancel(true);
        time.advance(Duration.ofMinutes(1));
        assertThat(calls).hasValue(1);
        assertThat(time.pending()).isZero();
    }

    @Test
    void policySettingsOutOfRangeAreNamed() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0).build())
                .hasMessageContaining("maxAttempts");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RetryPolicy.builder().jitter(1.5).build())
                .hasMessageContaining("jitter");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RetryPolicy.builder().initialBackoff(Duration.ZERO).build())
                .hasMessageContaining("initialBackoff");
    }

    static Throwable catchCause(CompletableFuture<?> f) {
        try {
            f.get(1, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
