package io.augcon.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ServiceSlotsTest {
    private final ManualScheduler clock = new ManualScheduler();

    private ServiceSlots slots(int n, long perRequestNanos, long perTokenNanos) {
        return ServiceSlots.builder().slots(n).perRequest(Duration.ofNanos(perRequestNanos))
                .perOutputToken(Duration.ofNanos(perTokenNanos)).clock(clock).build();
    }

    @Test
    void requestsBeyondTheSlotsWaitForTheFirstFreeSlot() {
        ServiceSlots server = slots(2, 100, 0);
        List<String> replies = new ArrayList<>();
        server.serve(0, () -> replies.add("a"));
        server.serve(0, () -> replies.add("b"));
        server.serve(0, () -> replies.add("c"));
        assertThat(server.queued()).isEqualTo(1);

        clock.advance(Duration.ofNanos(100));
        assertThat(replies).containsExactly("a", "b");
        assertThat(server.queued()).isZero();
        clock.advance(Duration.ofNanos(100));

        assertThat(replies).containsExactly("a", "b", "c");
        assertThat(server.log().intervals()).containsExactly(
                new ServiceLog.Interval(0, 0, 100), new ServiceLog.Interval(0, 0, 100), new ServiceLog.Interval(0, 100, 200));
        assertThat(server.log().meanWaitNanos()).isCloseTo(100.0 / 3, within(1e-9));
    }

    @Test
    void serviceTimeIsPerRequestPlusPerOutputToken() {
        ServiceSlots server = slots(1, 10, 2);
        server.serve(5, () -> { });
        clock.advance(Duration.ofNanos(19));
        assertThat(server.log().requests()).isZero();
        clock.advance(Duration.ofNanos(1));
        assertThat(server.log().intervals()).containsExactly(new ServiceLog.Interval(0, 0, 20));
    }

    @Test
    void serviceCountsFromArrivalWhenASlotWasFreeThen() {
        ServiceSlots server = slots(1, 100, 0);
        clock.advance(Duration.ofNanos(50));
        server.serve(0, 0, () -> { });
        clock.advance(Duration.ofNanos(50));
        assertThat(server.log().intervals()).containsExactly(new ServiceLog.Interval(0, 0, 100));
    }

    @Test
    void aRequestThatArrivedWhileAllSlotsWereBusyStartsWhenOneCameFree() {
        ServiceSlots server = slots(1, 100, 0);
        server.serve(0, () -> { });
        clock.advance(Duration.ofNanos(100));
        clock.advance(Duration.ofNanos(20));
        server.serve(50, 0, () -> { });
        clock.advance(Duration.ofNanos(80));
        assertThat(server.log().intervals()).containsExactly(
                new ServiceLog.Interval(0, 0, 100), new ServiceLog.Interval(50, 100, 200));
    }

    @Test
    void utilizationCountsSlotsInServiceAndCanLeaveOutTheTail() {
        ServiceSlots server = slots(2, 100, 0);
        for (int i = 0; i < 5; i++) {
            server.serve(0, () -> { });
        }
        clock.advance(Duration.ofNanos(300));
        ServiceLog log = server.log();

        // Four requests fill both slots for 200 ns, the fifth runs alone for 100 ns.
        assertThat(log.utilization(0)).isCloseTo(500.0 / 600, within(1e-9));
        assertThat(log.utilization(0.2)).isEqualTo(1.0);
        assertThat(log.totalServiceNanos()).isEqualTo(500);
        assertThat(log.idealWallNanos()).isEqualTo(250);
        assertThat(log.spanNanos()).isEqualTo(300);
    }

    @Test
    void idleTimeBetweenArrivalsLowersUtilization() {
        ServiceSlots server = slots(1, 100, 0);
        server.serve(0, () -> { });
        clock.advance(Duration.ofNanos(300));
        server.serve(0, () -> { });
        clock.advance(Duration.ofNanos(100));

        assertThat(server.log().utilization(0)).isCloseTo(200.0 / 400, within(1e-9));
    }

    @Test
    void badSettingsAreRefusedByName() {
        assertThatThrownBy(() -> ServiceSlots.builder().slots(0)).hasMessageContaining("slots must be >= 1, was 0");
        assertThatThrownBy(() -> ServiceSlots.builder().perRequest(Duration.ofMillis(-1))).hasMessageContaining("perRequest");
        assertThatThrownBy(() -> slots(1, 1, 0).log().utilization(1)).hasMessageContaining("tailShare");
    }

    @Test
    void theLoopbackServerRepliesOnlyWhenASlotHasServedTheRequest() throws Exception {
        ServiceSlots server = slots(1, 1_000, 0);
        try (LoopbackOpenAiServer loopback = LoopbackOpenAiServer.builder().serviceSlots(server).build().start()) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (String word : List.of("first", "second")) {
                String body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + word + "\"}]}";
                answers.add(client.sendAsync(HttpRequest.newBuilder(URI.create(loopback.baseUrl() + "/chat/completions"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            clock.awaitScheduled(1);
            assertThat(clock.pendingDueTimes()).containsExactly(1_000L);
            assertThat(answers).noneMatch(CompletableFuture::isDone);

            clock.advance(Duration.ofNanos(1_000));
            clock.awaitScheduled(1);
            clock.advance(Duration.ofNanos(1_000));

            for (CompletableFuture<HttpResponse<String>> answer : answers) {
                assertThat(answer.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
            ServiceLog log = server.log();
            assertThat(log.requests()).isEqualTo(2);
            // The second request started when the first was done, whether it arrived before or after.
            assertThat(log.intervals().get(1).start()).isEqualTo(1_000L);
            assertThat(log.utilization(0)).isEqualTo(1.0);
        }
    }
}
