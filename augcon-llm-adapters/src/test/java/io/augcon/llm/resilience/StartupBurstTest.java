package io.augcon.llm.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.core.event.LlmCallListener;
import io.augcon.core.event.ResilienceListener;
import io.augcon.core.internal.llm.AdaptiveLimiter;
import io.augcon.core.internal.llm.LlmChain;
import io.augcon.core.llm.LlmPolicy;
import io.augcon.core.llm.Resilience;
import io.augcon.llm.openai.OpenAiChatBackend;
import io.augcon.testkit.LoopbackOpenAiServer;
import io.augcon.testkit.ManualScheduler;
import io.augcon.testkit.ScriptedLlm;
import io.augcon.testkit.ServerFault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The start of a run: 64 connections opened at once against a server whose listen queue holds 5.
 * Linux here (net.ipv4.tcp_abort_on_overflow=0) drops the handshakes past the queue and the
 * client's SYN retry gets them in, so the operating system alone resets nothing (five runs of
 * this burst, no failure). A host that resets on overflow (macOS, or Linux with the sysctl set to
 * 1) closes those connections under the client; the server is told to close the first 40 to stand
 * in for it. Every reset request succeeds on its retry, so the breaker must not pause: the test
 * pins no pause at all.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StartupBurstTest {
    private static final int CONCURRENCY = 64;
    private static final int RESETS = 40;

    private final List<Duration> pauses = new CopyOnWriteArrayList<>();
    private final List<LlmException.Kind> retried = new CopyOnWriteArrayList<>();
    private final ResilienceListener events = new ResilienceListener() {
        @Override
        public void retryScheduled(LlmRequest request, Throwable error, int failedAttempts, Duration delay) {
            retried.add(LlmException.kindOf(error));
        }

        @Override
        public void circuitOpened(double failureRate, Duration pause) {
            pauses.add(pause);
        }
    };

    @Test
    void connectionsResetAtStartUpAndRepairedByTheirRetryCauseNoBreakerPause() throws Exception {
        try (LoopbackOpenAiServer server = LoopbackOpenAiServer.builder().backlog(5)
                .handler(ScriptedLlm.immediate()).build().start()) {
            ServerFault reset = ServerFault.closeConnection();
            server.inject(reset, RESETS);
            ManualScheduler time = new ManualScheduler();
            // The HTTP client's own timeout bounds these requests; the chain's request timeout would put
            // a deadline per request among the tasks this test counts on the clock.
            LlmChain chain = LlmChain.around(OpenAiChatBackend.builder().baseUrl(server.baseUrl()).model("loopback").build(),
                    LlmPolicy.DEFAULTS.withConcurrency(CONCURRENCY)
                            .withResilience(Resilience.builder().requestTimeout(Resilience.NO_REQUEST_TIMEOUT).build()),
                    List.of(), time, LlmCallListener.NONE, events);

            List<CompletableFuture<LlmResponse>> answers = new ArrayList<>();
            for (int i = 0; i < CONCURRENCY; i++) {
                answers.add(chain.backend().complete(LlmRequest.builder().prompt("p" + i).build()).toCompletableFuture());
            }
            // Every reset request waits for its backoff on virtual time; the burst is over by then.
            time.awaitScheduled(RESETS);
            assertThat(chain.controller().state()).as("after the burst of resets").isEqualTo(AdaptiveLimiter.State.CLOSED);

            CompletableFuture<Void> all = CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new));
            // Virtual time moves until every answer is in. A retry may meet a pooled connection the
            // client finds closed and wait for a second backoff; moving time again only runs such waits.
            for (int round = 0; !all.isDone() && round < 20; round++) {
                time.advance(Duration.ofSeconds(5));
                try {
                    all.get(2, TimeUnit.SECONDS);
                } catch (TimeoutException stillWaiting) {
                    // the next round moves time on
                }
            }
            assertThat(answers).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
            assertThat(server.faultsInjected()).containsEntry(reset, RESETS);
            assertThat(retried).hasSizeGreaterThanOrEqualTo(RESETS).containsOnly(LlmException.Kind.CONNECTION);
            assertThat(pauses).as("breaker pauses").isEmpty();
            assertThat(time.delays()).as("only retries' backoffs were waited, no breaker pause")
                    .allMatch(d -> d.compareTo(Duration.ofSeconds(5)) < 0);
            assertThat(chain.controller().state()).isEqualTo(AdaptiveLimiter.State.CLOSED);
            assertThat(chain.controller().lowestLimit()).as("resets are no overload").isEqualTo(CONCURRENCY);
        }
    }
}
