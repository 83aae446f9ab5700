package io.augcon.examples.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.augcon.api.Document;
import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.SftRecord;
import io.augcon.core.AugCon;
import io.augcon.core.llm.Resilience;
import io.augcon.core.run.RunSummary;
import io.augcon.testkit.ManualScheduler;
import io.augcon.testkit.ScriptedAnswers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The private-gateway example against a loopback gateway that speaks its JSON and checks its token. */
class TeamGatewayBackendTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "team-token-5a1f";
    private final List<JsonNode> bodies = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger throttle = new AtomicInteger();
    private final HttpServer gateway;

    TeamGatewayBackendTest() throws IOException {
        gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        gateway.createContext("/v2/generate", this::serve);
        gateway.start();
    }

    @AfterEach
    void stop() {
        gateway.stop(0);
    }

    private void serve(HttpExchange exchange) throws IOException {
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        String reply;
        int status = 200;
        if (!TOKEN.equals(exchange.getRequestHeaders().getFirst("X-Team-Token"))) {
            status = 401;
            reply = "{\"error\":\"bad token " + exchange.getRequestHeaders().getFirst("X-Team-Token") + "\"}";
        } else if (throttle.getAndDecrement() > 0) {
            status = 429;
            exchange.getResponseHeaders().set("Retry-After", "3");
            reply = "{\"error\":\"slow down\"}";
        } else {
            bodies.add(body);
            LlmRequest.Builder request = LlmRequest.builder().seed(body.path("knobs").path("random_seed").asLong());
            body.path("turns").forEach(t -> request.message(io.augcon.api.ChatMessage.user(t.path("text").asText())));
            LlmResponse answer = ScriptedAnswers.answer(request.build());
            reply = JSON.createObjectNode().<com.fasterxml.jackson.databind.node.ObjectNode>set("result", JSON.createObjectNode()
                    .put("text", answer.text()).put("ended_by", "eos"))
                    .set("meter", JSON.createObjectNode().put("in", 30).put("out", 12)).toString();
        }
        byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private String base() {
        return "http://127.0.0.1:" + gateway.getAddress().getPort();
    }

    @Test
    void aPipelineRunsThroughTheGatewayAndItsThrottlingIsRetried() throws Exception {
        throttle.set(2);
        ManualScheduler time = ManualScheduler.autoAdvancing();
        // Virtual time that runs each task at once would fire the request timeout before the gateway answers.
        AugCon augcon = AugCon.builder().llm(new TeamGatewayBackend(base(), TOKEN, "team-llm", Duration.ofSeconds(10)))
                .concurrency(2).scheduler(time)
                .llmPolicy(p -> p.withResilience(Resilience.builder().requestTimeout(Resilience.NO_REQUEST_TIMEOUT).build()))
                .build();
        List<SftRecord> records = new ArrayList<>();
        RunSummary summary = augcon.run(java.util.stream.Stream.of(Document.of("d", "A bicycle's gears keep the cadence "
                + "comfortable. The chain moves between sprockets. A low gear makes climbing easier. A high gear suits flat roads.")),
                records::add);
        assertThat(records).isNotEmpty().allSatisfy(r -> assertThat(r.model()).isEqualTo("team-llm"));
        assertThat(summary.resilience().retries()).containsEntry("rate_limited", 2L);
        assertThat(time.delays()).contains(Duration.ofSeconds(3));
        assertThat(summary.totalTokens().inputTokens()).isEqualTo(30L * bodies.size());
        JsonNode first = bodies.get(0);
        assertThat(first.path("model").asText()).isEqualTo("team-llm");
        assertThat(first.path("knobs").has("random_seed")).isTrue();
        assertThat(first.path("knobs").path("max_new_tokens").asInt()).isPositive();
    }

    @Test
    void aWrongTokenIsA401WhoseMessageHidesTheToken() throws Exception {
        String wrong = "not-the-team-token-77";
        try {
            new TeamGatewayBackend(base(), wrong, "m", Duration.ofSeconds(5)).complete(LlmRequest.builder().prompt("hi").build())
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected a 401");
        } catch (ExecutionException e) {
            LlmException failure = (LlmException) e.getCause();
            assertThat(failure.status()).hasValue(401);
            assertThat(failure.getMessage()).contains("bad token ***").doesNotContain(wrong);
        }
    }
}
