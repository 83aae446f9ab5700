package io.augcon.llm.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.api.LlmBackend;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.core.event.LlmCallListener;
import io.augcon.core.event.ResilienceListener;
import io.augcon.core.internal.llm.LlmChain;
import io.augcon.core.llm.LlmPolicy;
import io.augcon.llm.openai.OpenAiChatBackend;
import io.augcon.testkit.LoopbackOpenAiServer;
import io.augcon.testkit.ManualScheduler;
import io.augcon.testkit.ScriptedLlm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The per-minute request limit over real HTTP: requests go through the run's chain to the
 * loopback server, time is virtual, each request's virtual send time is recorded as it goes out,
 * and after every step of virtual time the test waits until everything the limiter let out has
 * been answered. No minute of send times may hold more than the quota, and the server must have
 * seen exactly the requests sent. No sleeps.
 */
class RateLimitLoopbackTest {
    private static final int PER_MINUTE = 30;

    @Test
    void overThreeMinutesTheServerNeverSeesMoreThanTheQuotaInAnyMinute() throws Exception {
        ManualScheduler time = new ManualScheduler();
        List<CompletableFuture<LlmResponse>> released = new CopyOnWriteArrayList<>();
        // the virtual time each request went to the server: recorded when it is sent, on whatever
        // thread sends it, not sampled from the server's count (a request let through as the
        // clock moved could be counted in the next second)
        List<Long> sentAt = new CopyOnWriteArrayList<>();
        try (LoopbackOpenAiServer server = LoopbackOpenAiServer.builder().model("m")
                .handler(ScriptedLlm.immediate()).build().start()) {
            LlmBackend http = OpenAiChatBackend.builder().baseUrl(server.baseUrl()).model("m")
                    .timeout(Duration.ofSeconds(10)).build();
            LlmBackend counted = new LlmBackend() {
                @Override
                public CompletionStage<LlmResponse> complete(LlmRequest request) {
                    sentAt.add(time.nanoTime());
                    CompletableFuture<LlmResponse> answer = http.complete(request).toCompletableFuture();
                    released.add(answer);
                    return answer;
                }
            };
            LlmChain chain = LlmChain.around(counted, LlmPolicy.DEFAULTS.withConcurrency(16)
                    .withMaxRequestsPerMinute(PER_MINUTE), List.of(), time, LlmCallListener.NONE, ResilienceListener.NONE);
            List<CompletableFuture<LlmResponse>> asked = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                asked.add(chain.backend().complete(LlmRequest.builder().prompt("question " + i).maxTokens(8).build())
                        .toCompletableFuture());
            }

            for (int second = 0; second <= 180; second++) {
                CompletableFuture.allOf(released.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
                time.advance(Duration.ofSeconds(1));
            }
            CompletableFuture.allOf(released.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);

            List<Long> sent = sentAt.stream().sorted().toList();
            long minute = Duration.ofMinutes(1).toNanos();
            long busiest = 0;
            for (int first = 0, last = 0; first < sent.size(); first++) {
                while (last < sent.size() && sent.get(last) < sent.get(first) + minute) {
                    last++;
                }
                busiest = Math.max(busiest, last - first);   // sent in [sent(first), sent(first) + 1 min)
            }
            assertThat(busiest).as("requests sent in the busiest minute").isLessThanOrEqualTo(PER_MINUTE);
            assertThat(server.requestCount()).as("every request sent reached the server once").isEqualTo(sent.size());
            assertThat(server.requestCount()).as("the limiter keeps the pace: about 3 minutes' quota")
                    .isBetween(3 * PER_MINUTE - 2, 3 * PER_MINUTE + 1);
            assertThat(asked.stream().filter(CompletableFuture::isDone).count()).isEqualTo(server.requestCount());
        }
    }
}
