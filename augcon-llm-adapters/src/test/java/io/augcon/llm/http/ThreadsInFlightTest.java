package io.augcon.llm.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augcon.testkit.LoopbackOpenAiServer;
import io.augcon.testkit.ManualScheduler;
import io.augcon.testkit.ScriptedLlm;
import io.augcon.testkit.ServiceSlots;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The non-blocking transport holds no thread per request in flight: 256 requests held by the
 * server at once cost the client a few threads, where OkHttp's {@code enqueue} and the JDK
 * client's blocking {@code send} start one per request (about 300 threads at 256 in flight,
 * issue 17). The server's slots run on a manual clock, so every request stays in flight until
 * the test lets them all answer: nothing depends on timing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ThreadsInFlightTest {
    private static final int IN_FLIGHT = 256;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void twoHundredFiftySixRequestsInFlightStartAFewThreadsNotOneEach() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        ManualScheduler clock = new ManualScheduler();
        ServiceSlots slots = ServiceSlots.builder().slots(IN_FLIGHT).perRequest(Duration.ofSeconds(1)).clock(clock).build();
        try (LoopbackOpenAiServer server = LoopbackOpenAiServer.builder().model("loopback").handler(ScriptedLlm.immediate())
                .backlog(2 * IN_FLIGHT).serviceSlots(slots).build().start()) {
            JsonHttpClient http = JsonHttpClient.builder().endpoint(server.baseUrl(), "/chat/completions")
                    .timeout(Duration.ofSeconds(30)).transport(HttpTransport.APACHE_ASYNC).build();
            JsonNode chat = JSON.readTree("{\"model\":\"loopback\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello.\"}]}");

            long before = threads.getTotalStartedThreadCount();
            List<CompletableFuture<JsonNode>> calls = new ArrayList<>();
            for (int i = 0; i < IN_FLIGHT; i++) {
                calls.add(http.post(chat));
            }
            // each request that reaches a slot schedules its end on the manual clock: all are held now
            clock.awaitScheduled(IN_FLIGHT);
            long startedInFlight = threads.getTotalStartedThreadCount() - before;
            clock.advance(Duration.ofSeconds(1));
            for (CompletableFuture<JsonNode> call : calls) {
                assertThat(call.get(20, TimeUnit.SECONDS).path("choices").isArray()).isTrue();
            }
            long started = threads.getTotalStartedThreadCount() - before;

            assertThat(server.maxInFlight()).as("requests the server held at once").isEqualTo(IN_FLIGHT);
            // The reactor's threads (one per core, at most 4, and the thread that started it), the
            // deadline timer, the threads that complete the answers, the loopback server's own.
            // Measured on 2 cores, this test alone: 8 while the requests were held, 15 to 17 by the
            // last answer (the 256 answers arrive at once); 4, and 4 to 9, when another test had
            // started the shared client. Over OkHttp, 263 while they were held.
            assertThat(startedInFlight).as("threads started while %d requests were held", IN_FLIGHT).isLessThan(40);
            assertThat(started).as("threads started by the last of %d answers", IN_FLIGHT).isLessThan(40);
        }
    }
}
