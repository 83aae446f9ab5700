package io.augcon.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augcon.api.FinishReason;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.TokenUsage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class LoopbackFaultsAndDialectsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final LoopbackOpenAiServer server = LoopbackOpenAiServer.builder().model("m")
            .handler(ScriptedLlm.answering(r -> new LlmResponse("answer to " + r.asMessages().get(0).content(),
                    r.maxTokens() < 10 ? FinishReason.LENGTH : FinishReason.STOP, new TokenUsage(3, 4), "m")))
            .build().start();

    @AfterEach
    void close() {
        server.close();
    }

    private HttpResponse<String> post(String url, String body, Duration timeout) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> chat() throws Exception {
        return post(server.baseUrl() + "/chat/completions", CHAT, Duration.ofSeconds(10));
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    @Test
    void aRateLimitCarriesItsRetryAfterHeaderInEitherForm() throws Exception {
        server.inject(ServerFault.rateLimited("7"), 1);
        server.inject(ServerFault.rateLimited("Wed, 21 Oct 2015 07:28:00 GMT"), 1);
        HttpResponse<String> seconds = chat();
        assertThat(seconds.statusCode()).isEqualTo(429);
        assertThat(seconds.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(json(seconds).path("error").path("type").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(chat().headers().firstValue("Retry-After")).hasValue("Wed, 21 Oct 2015 07:28:00 GMT");
        assertThat(chat().statusCode()).isEqualTo(200);
    }

    @Test
    void rawFaultsSendExactlyTheirBodyAndContentType() throws Exception {
        server.inject(ServerFault.htmlPage(), 1);
        server.inject(ServerFault.truncatedJson(), 1);
        HttpResponse<String> html = chat();
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(html.body()).startsWith("<html>");
        HttpResponse<String> cut = chat();
        assertThatThrownBy(() -> json(cut)).isInstanceOf(IOException.class);
    }

    @Test
    void aClosedConnectionGivesTheClientNoReplyAndAHangNoneUntilItsTimeout() throws Exception {
        server.inject(ServerFault.closeConnection(), 1);
        assertThatThrownBy(this::chat).isInstanceOf(IOException.class).isNotInstanceOf(HttpTimeoutException.class);
        server.inject(ServerFault.hang(), 1);
        assertThatThrownBy(() -> post(server.baseUrl() + "/chat/completions", CHAT, Duration.ofMillis(200)))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(chat().statusCode()).as("the server still serves").isEqualTo(200);
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void aSeededMixInjectsTheSameFaultsInTheSameOrderAndCountsThem() throws Exception {
        Map<ServerFault, Double> shares = new LinkedHashMap<>();
        ServerFault fiveHundred = ServerFault.status(500);
        ServerFault limited = ServerFault.rateLimited("1");
        shares.put(fiveHundred, 0.3);
        shares.put(limited, 0.2);
        List<Integer> first = statuses(shares, 40);
        List<Integer> second = statuses(shares, 40);
        assertThat(first).isEqualTo(second).contains(200, 500, 429);
        Map<ServerFault, Integer> counts = server.faultsInjected();
        assertThat(counts.get(fiveHundred)).isEqualTo(2 * first.stream().filter(s -> s == 500).count());
        assertThat(counts.get(limited)).isEqualTo(2 * first.stream().filter(s -> s == 429).count());
        assertThatThrownBy(() -> server.faultMix(1, Map.of(fiveHundred, 0.7, limited, 0.7)))
                .hasMessageContaining("at most 1");
    }

    private List<Integer> statuses(Map<ServerFault, Double> shares, int n) throws Exception {
        server.faultMix(99, shares);
        List<Integer> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(chat().statusCode());
        }
        return out;
    }

    @Test
    void latencyDelaysAnswersButNotFaults() throws Exception {
        server.latency(Duration.ofMillis(300));
        server.inject(ServerFault.status(503), 1);
        long t0 = System.nanoTime();
        assertThat(chat().statusCode()).isEqualTo(503);
        long fault = System.nanoTime() - t0;
        t0 = System.nanoTime();
        assertThat(chat().statusCode()).isEqualTo(200);
        long answer = System.nanoTime() - t0;
        assertThat(Duration.ofNanos(answer)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(fault).isLessThan(answer);
    }

    @Test
    void theLegacyCompletionsEndpointTakesAPromptAndAnswersInText() throws Exception {
        HttpResponse<String> r = post(server.baseUrl() + "/completions",
                "{\"model\":\"m\",\"prompt\":\"Question:\",\"max_tokens\":5,\"seed\":4,\"stop\":[\"\\n\\n\"]}",
                Duration.ofSeconds(10));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("object").asText()).isEqualTo("text_completion");
        assertThat(body.path("choices").get(0).path("text").asText()).isEqualTo("answer to Question:");
        assertThat(body.path("choices").get(0).path("finish_reason").asText()).isEqualTo("length");
        LlmRequest seen = server.requests().get(0);
        assertThat(seen.prompt()).isEqualTo("Question:");
        assertThat(seen.seed()).isEqualTo(4L);
        assertThat(seen.stop()).containsExactly("\n\n");
    }

    @Test
    void ollamasChatTakesOptionsAndAnswersInItsOwnShape() throws Exception {
        HttpResponse<String> r = post(server.rootUrl() + "/api/chat",
                "{\"model\":\"m\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                        + "\"options\":{\"temperature\":0.1,\"num_predict\":64,\"seed\":8,\"stop\":[\"END\"]}}",
                Duration.ofSeconds(10));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("message").path("content").asText()).isEqualTo("answer to hi");
        assertThat(body.path("done").asBoolean()).isTrue();
        assertThat(body.path("done_reason").asText()).isEqualTo("stop");
        assertThat(body.path("prompt_eval_count").asLong()).isEqualTo(3);
        assertThat(body.path("eval_count").asLong()).isEqualTo(4);
        LlmRequest seen = server.requests().get(0);
        assertThat(seen.maxTokens()).isEqualTo(64);
        assertThat(seen.temperature()).isEqualTo(0.1);
        assertThat(seen.seed()).isEqualTo(8L);

        HttpResponse<String> streaming = post(server.rootUrl() + "/api/chat", CHAT, Duration.ofSeconds(10));
        assertThat(streaming.statusCode()).as("Ollama streams unless told not to").isEqualTo(400);
        server.inject(ServerFault.status(500), 1);
        HttpResponse<String> failed = post(server.rootUrl() + "/api/chat",
                "{\"model\":\"m\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", Duration.ofSeconds(10));
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(json(failed).path("error").isTextual()).isTrue();
    }

    @Test
    void closeReleasesHungRequests() throws Exception {
        server.inject(ServerFault.hang(), 1);
        CompletableFuture<HttpResponse<String>> hanging = client.sendAsync(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat/completions"))
                        .POST(HttpRequest.BodyPublishers.ofString(CHAT)).build(), HttpResponse.BodyHandlers.ofString());
        while (server.requests().isEmpty()) {
            Thread.onSpinWait();
        }
        server.close();
        assertThat(hanging).failsWithin(Duration.ofSeconds(5));
    }
}
