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
 * The per-minute request limit seen from the server's side: requests go through the run's chain
 * and real HTTP to the loopback server, time is virtual, and after every step of virtual time the
 * test waits until everything the limiter let out has reached the server, so the server's own
 * request count can be read per step. No sleeps.
 */
class RateLimitLoopbackTest {
    private static final int PER_MINUTE = 30;

    @Test
    void overThreeMinutesTheServerNeverSeesMoreThanTheQuotaInAnyMinute() throws Exception {
        ManualScheduler time = new ManualScheduler();
        List<CompletableFuture<LlmResponse>> released = new CopyOnWriteArrayList<>();
        try (LoopbackOpenAiServer server = LoopbackOpenAiServer.builder().model("m")
                .handler(ScriptedLlm.immediate()).build().start()) {
            LlmBackend http = OpenAiChatBackend.builder().baseUrl(server.baseUrl()).model("m")
                    .timeout(Duration.ofSeconds(10)).build();
            LlmBackend counted = new LlmBackend() {
                @Override
                public CompletionStage<LlmResponse> complete(LlmRequest request) {
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

            List<long[]> arrivals = new ArrayList<>();   // {virtual second, server's request count}
            for (int second = 0; second <= 180; second++) {
                CompletableFuture.allOf(released.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
                arrivals.add(new long[] {second, server.requestCount()});
                time.advance(Duration.ofSeconds(1));
            }

            long busiest = 0;
            for (int start = 0; start + 60 <= arrivals.size() - 1; start++) {
                long before = start == 0 ? 0 : arrivals.get(start - 1)[1];
                busiest = Math.max(busiest, arrivals.get(start + 59)[1] - before);
            }
            assertThat(busiest).as("requests the server saw in its busiest minute").isLessThanOrEqualTo(PER_MINUTE);
            assertThat(server.requestCount()).as("the limiter keeps the pace: about 3 minutes' quota")
                    .isBetween(3 * PER_MINUTE - 2, 3 * PER_MINUTE + 1);
            assertThat(asked.stream().filter(CompletableFuture::isDone).count()).isEqualTo(server.requestCount());
        }
    }
}
