package io.augcon.core.internal.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.api.FinishReason;
import io.augcon.api.LlmBackend;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.TokenUsage;
import io.augcon.core.event.LlmCallListener;
import io.augcon.core.event.ResilienceListener;
import io.augcon.core.llm.LlmPolicy;
import io.augcon.testkit.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The per-minute quotas, through the run's chain, on virtual time: the server below records when
 * each request reached it and what it used, and no minute of it, however the minute falls, holds
 * more than the quota. Nothing sleeps.
 */
class RateLimitedBackendTest {
    private static final long SECOND = Duration.ofSeconds(1).toNanos();
    private static final long MINUTE = 60 * SECOND;

    private final ManualScheduler time = new ManualScheduler();
    /** When each request reached the server, in virtual nanoseconds, and the tokens it used. */
    private final List<long[]> arrivals = new CopyOnWriteArrayList<>();

    /** A server that answers at once and reports {@code used} tokens (input, output) for every request. */
    private LlmBackend server(long input, long output) {
        return new LlmBackend() {
            @Override
            public CompletionStage<LlmResponse> complete(LlmRequest request) {
                arrivals.add(new long[] {time.nanoTime(), input + output});
                return CompletableFuture.completedFuture(
                        new LlmResponse("ok", FinishReason.STOP, new TokenUsage(input, output), "m"));
            }
        };
    }

    private List<CompletableFuture<LlmResponse>> sendAndRun(LlmBackend backend, LlmPolicy policy, int n, Duration howLong) {
        LlmChain chain = LlmChain.around(backend, policy, List.of(), time, LlmCallListener.NONE, ResilienceListener.NONE);
        List<CompletableFuture<LlmResponse>> answers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // 400 characters and 200 max tokens: estimated at 100 + 200 = 300 tokens.
            String prompt = String.format("%04d", i) + "x".repeat(396);
            answers.add(chain.backend().complete(LlmRequest.builder().prompt(prompt).maxTokens(200).build())
                    .toCompletableFuture());
        }
        for (long t = 0; t < howLong.toMillis(); t += 50) {
            time.advance(Duration.ofMillis(50));
        }
        return answers;
    }

    /** The most of {@code measure} that fell in any minute [t, t + 60 s) starting at an arrival. */
    private long busiestMinute(int measure) {
        long most = 0;
        for (long[] start : arrivals) {
            long sum = 0;
            for (long[] a : arrivals) {
                if (a[0] >= start[0] && a[0] < start[0] + MINUTE) {
                    sum += measure == 0 ? 1 : a[1];
                }
            }
            most = Math.max(most, sum);
        }
        return most;
    }

    @Test
    void noMinuteSeesMoreRequestsThanTheQuotaAndTheRunKeepsItsPace() {
        LlmPolicy policy = LlmPolicy.DEFAULTS.withConcurrency(64).withMaxRequestsPerMinute(120);
        List<CompletableFuture<LlmResponse>> answers = sendAndRun(server(100, 150), policy, 600, Duration.ofMinutes(3));

        assertThat(busiestMinute(0)).as("requests in the busiest minute").isLessThanOrEqualTo(120);
        // Two held at the start, then 119 a minute: 2 + 3 * 119 in three minutes.
        assertThat(arrivals).as("requests sent in three minutes").hasSizeBetween(3 * 119, 3 * 120);
        assertThat(answers.stream().filter(CompletableFuture::isDone).count()).isEqualTo(arrivals.size());
    }

    @Test
    void noMinuteSeesMoreTokensThanTheQuotaWhenAnswersReportTheirUsage() {
        // 6,000 tokens a minute: one second's share is 100, below one request's estimate of 300,
        // so each request waits for a full bucket, borrows, and is settled at the 250 it used.
        LlmPolicy policy = LlmPolicy.DEFAULTS.withConcurrency(64).withMaxTokensPerMinute(6_000);
        sendAndRun(server(100, 150), policy, 200, Duration.ofMinutes(3));

        assertThat(busiestMinute(1)).as("tokens in the busiest minute").isLessThanOrEqualTo(6_000 + 300 - 100);
        assertThat(arrivals.size()).as("requests of 250 tokens sent in three minutes, at about 6,000 a minute")
                .isBetween(3 * 6_000 / 250 - 2, 3 * 6_000 / 250 + 2);
    }

    @Test
    void requestsBelowASecondsShareOfTheTokenQuotaStayStrictlyUnderIt() {
        // 60,000 a minute: one second's share (1,000) holds a whole request, so none borrows.
        LlmPolicy policy = LlmPolicy.DEFAULTS.withConcurrency(64).withMaxTokensPerMinute(60_000);
        sendAndRun(server(100, 150), policy, 1_000, Duration.ofMinutes(2));

        assertThat(busiestMinute(1)).isLessThanOrEqualTo(60_000);
        assertThat(arrivals.size()).as("at 60,000 tokens a minute, 250 each").isGreaterThan(2 * 60_000 / 250 - 10);
    }

    @Test
    void withoutLimitsEveryRequestGoesAtOnce() {
        sendAndRun(server(100, 150), LlmPolicy.DEFAULTS.withConcurrency(64), 100, Duration.ZERO);
        assertThat(arrivals).hasSize(100);
    }

    @Test
    void theEstimateIsTheTextsCharactersOverFourPlusMaxTokens() {
        assertThat(RateLimitedBackend.estimate(LlmRequest.builder().prompt("x".repeat(401)).maxTokens(50).build()))
                .isEqualTo(101 + 50);
    }

    @Test
    void negativeLimitsAreNamed() {
        assertThatThrownBy(() -> LlmPolicy.DEFAULTS.withMaxRequestsPerMinute(-1)).hasMessageStartingWith("maxRequestsPerMinute");
        assertThatThrownBy(() -> LlmPolicy.DEFAULTS.withMaxTokensPerMinute(-5)).hasMessageStartingWith("maxTokensPerMinute");
    }
}
