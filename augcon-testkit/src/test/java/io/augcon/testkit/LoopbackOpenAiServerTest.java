package io.augcon.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augcon.api.ChatMessage;
import io.augcon.api.FinishReason;
import io.augcon.api.LlmBackend;
import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.TokenUsage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class LoopbackOpenAiServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private LoopbackOpenAiServer server;

    @AfterEach
    void closeServer() {
        if (server != null) {
            server.close();
        }
    }

    private LoopbackOpenAiServer start(LoopbackOpenAiServer.Builder builder) {
        server = builder.build().start();
        return server;
    }

    private static LlmBackend answering(Function<LlmRequest, CompletionStage<LlmResponse>> f) {
        return f::apply;
    }

    private HttpResponse<String> post(String path, String body, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> chat(String body) throws Exception {
        return post("/chat/completions", body, null);
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private static final String SIMPLE = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Test
    void chatRequestBecomesLlmRequestAndResponseBecomesCompletion() throws Exception {
        start(LoopbackOpenAiServer.builder().model("served").handler(answering(req ->
                CompletableFuture.completedFuture(new LlmResponse("Question: why?", FinishReason.LENGTH,
                        new TokenUsage(7, 3), "ignored")))));

        String body = "{\"model\":\"whatever\",\"messages\":["
                + "{\"role\":\"system\",\"content\":\"be brief\"},"
                + "{\"role\":\"user\",\"content\":\"hello\"},"
                + "{\"role\":\"assistant\",\"content\":\"hi\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"text\",\"text\":\"b\"}]}],"
                + "\"temperature\":0.25,\"max_tokens\":64,\"stop\":\"END\",\"seed\":42,\"n\":1}";
        HttpResponse<String> response = chat(body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/json"));
        JsonNode root = json(response);
        assertThat(root.path("object").asText()).isEqualTo("chat.completion");
        assertThat(root.path("id").asText()).startsWith("chatcmpl-");
        assertThat(root.path("created").asLong()).isGreaterThan(1_600_000_000L);
        assertThat(root.path("model").asText()).isEqualTo("served");
        JsonNode choice = root.path("choices").get(0);
        assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").asText()).isEqualTo("Question: why?");
        assertThat(choice.path("finish_reason").asText()).isEqualTo("length");
        assertThat(root.path("usage").path("prompt_tokens").asLong()).isEqualTo(7);
        assertThat(root.path("usage").path("completion_tokens").asLong()).isEqualTo(3);
        assertThat(root.path("usage").path("total_tokens").asLong()).isEqualTo(10);

        assertThat(server.requests()).hasSize(1);
        LlmRequest seen = server.requests().get(0);
        assertThat(seen.messages()).containsExactly(
                ChatMessage.system("be brief"), ChatMessage.user("hello"),
                ChatMessage.assistant("hi"), ChatMessage.user("ab"));
        assertThat(seen.temperature()).isEqualTo(0.25);
        assertThat(seen.maxTokens()).isEqualTo(64);
        assertThat(seen.stop()).containsExactly("END");
        assertThat(seen.seed()).isEqualTo(42L);
        assertThat(server.requestBodies()).containsExactly(body);
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void stopArrayAndMissingOptionalFields() throws Exception {
        start(LoopbackOpenAiServer.builder());
        assertThat(chat("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stop\":[\"a\",\"b\"]}")
                .statusCode()).isEqualTo(200);
        assertThat(chat(SIMPLE).statusCode()).isEqualTo(200);

        LlmRequest withStops = server.requests().get(0);
        assertThat(withStops.stop()).containsExactly("a", "b");
        LlmRequest plain = server.requests().get(1);
        LlmRequest defaults = LlmRequest.builder().prompt("x").build();
        assertThat(plain.stop()).isEmpty();
        assertThat(plain.seed()).isNull();
        assertThat(plain.temperature()).isEqualTo(defaults.temperature());
        assertThat(plain.maxTokens()).isEqualTo(defaults.maxTokens());
    }

    @Test
    void defaultHandlerEchoesTheLastMessage() throws Exception {
        start(LoopbackOpenAiServer.builder());
        JsonNode root = json(chat("{\"messages\":[{\"role\":\"user\",\"content\":\"first\"},"
                + "{\"role\":\"user\",\"content\":\"echo me\"}]}"));
        assertThat(root.path("choices").get(0).path("message").path("content").asText()).isEqualTo("echo me");
        assertThat(root.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
        assertThat(root.path("model").asText()).isEqualTo("loopback");
    }

    @Test
    void aServerThatKeepsNoRequestsStillAnswersAndCountsThem() throws Exception {
        start(LoopbackOpenAiServer.builder().keepRequests(false));
        for (int i = 0; i < 3; i++) {
            JsonNode root = json(chat("{\"messages\":[{\"role\":\"user\",\"content\":\"call " + i + "\"}]}"));
            assertThat(root.path("choices").get(0).path("message").path("content").asText()).isEqualTo("call " + i);
        }
        assertThat(server.requestCount()).isEqualTo(3);
        assertThat(server.maxInFlight()).isEqualTo(1);
        assertThatThrownBy(server::requests).isInstanceOf(IllegalStateException.class).hasMessageContaining("keepRequests(false)");
        assertThatThrownBy(server::requestBodies).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(server::requestHeaders).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void unknownFinishReasonIsSentAsNull() throws Exception {
        start(LoopbackOpenAiServer.builder().handler(answering(req -> CompletableFuture.completedFuture(
                new LlmResponse("", FinishReason.UNKNOWN, null, null)))));
        JsonNode choice = json(chat(SIMPLE)).path("choices").get(0);
        assertThat(choice.get("finish_reason").isNull()).isTrue();
    }

    @Test
    void apiKeyIsEnforced() throws Exception {
        start(LoopbackOpenAiServer.builder().apiKey("sk-right"));

        HttpResponse<String> missing = post("/chat/completions", SIMPLE, null);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(json(missing).path("error").path("message").asText()).contains("didn't provide an API key");

        HttpResponse<String> wrong = post("/chat/completions", SIMPLE, "Bearer sk-wrong");
        assertThat(wrong.statusCode()).isEqualTo(401);
        JsonNode error = json(wrong).path("error");
        assertThat(error.path("code").asText()).isEqualTo("invalid_api_key");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asText()).contains("sk-wrong");

        assertThat(post("/chat/completions", SIMPLE, "Bearer sk-right").statusCode()).isEqualTo(200);
        assertThat(get("/models").statusCode()).isEqualTo(401);

        assertThat(server.requestCount()).isEqualTo(3);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void badRequestsGet400AndAreNotRecorded() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        start(LoopbackOpenAiServer.builder().handler(answering(req -> {
            calls.incrementAndGet();
            return CompletableFuture.completedFuture(LlmResponse.of("x"));
        })));
        List<String> bad = List.of(
                "{not json",
                "[1,2]",
                "{\"model\":\"m\"}",
                "{\"messages\":[]}",
                "{\"messages\":[{\"role\":\"USER\",\"content\":\"hi\"}]}",
                "{\"messages\":[{\"role\":\"user\"}]}",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":3}",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":\"hot\"}",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":0}",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stop\":[1]}",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"seed\":1.5}",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true}");
        for (String body : bad) {
            HttpResponse<String> response = chat(body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            JsonNode error = json(response).path("error");
            assertThat(error.path("message").asText()).as(body).isNotBlank();
            assertThat(error.path("type").asText()).as(body).isEqualTo("invalid_request_error");
        }
        assertThat(server.requests()).isEmpty();
        assertThat(server.requestCount()).isEqualTo(bad.size());
        assertThat(calls).hasValue(0);
    }

    @Test
    void routesModelsUnknownPathsAndMethods() throws Exception {
        start(LoopbackOpenAiServer.builder().model("tiny-model"));

        HttpResponse<String> models = get("/models");
        assertThat(models.statusCode()).isEqualTo(200);
        JsonNode root = json(models);
        assertThat(root.path("object").asText()).isEqualTo("list");
        assertThat(root.path("data")).hasSize(1);
        assertThat(root.path("data").get(0).path("id").asText()).isEqualTo("tiny-model");

        HttpResponse<String> unknown = get("/embeddings");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).path("error").path("message").asText()).contains("/v1/embeddings");

        assertThat(get("/chat/completions").statusCode()).isEqualTo(405);
        assertThat(post("/models", "{}", null).statusCode()).isEqualTo(405);
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void handlerFailuresBecomeServerErrorsOrTheirOwnStatus() throws Exception {
        AtomicInteger call = new AtomicInteger();
        start(LoopbackOpenAiServer.builder().handler(answering(req -> {
            switch (call.incrementAndGet()) {
                case 1:
                    throw new IllegalStateException("boom");
                case 2:
                    return CompletableFuture.failedFuture(new RuntimeException("async boom"));
                case 3:
                    return CompletableFuture.failedFuture(LlmException.forStatus(503, "overloaded"));
                case 4:
                    return CompletableFuture.failedFuture(
                            new LlmException(LlmException.Kind.RATE_LIMITED, "slow down"));
                case 5:
                    return CompletableFuture.completedFuture(null);
                default:
                    return CompletableFuture.completedFuture(LlmResponse.of("fine"));
            }
        })));

        HttpResponse<String> thrown = chat(SIMPLE);
        assertThat(thrown.statusCode()).isEqualTo(500);
        assertThat(json(thrown).path("error").path("message").asText()).contains("boom");
        assertThat(json(thrown).path("error").path("type").asText()).isEqualTo("server_error");
        assertThat(chat(SIMPLE).statusCode()).isEqualTo(500);
        assertThat(chat(SIMPLE).statusCode()).isEqualTo(503);
        assertThat(chat(SIMPLE).statusCode()).isEqualTo(429);
        assertThat(chat(SIMPLE).statusCode()).isEqualTo(500);
        assertThat(chat(SIMPLE).statusCode()).isEqualTo(200);
    }

    @Test
    void injectedFaultsComeFirstInOrderThenTheHandlerAnswers() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        start(LoopbackOpenAiServer.builder().handler(answering(req -> {
            calls.incrementAndGet();
            return CompletableFuture.completedFuture(LlmResponse.of("ok"));
        })));
        server.failNext(429, 2);
        server.replyNext(200, "this is not json", 1);

        HttpResponse<String> first = chat(SIMPLE);
        assertThat(first.statusCode()).isEqualTo(429);
        assertThat(json(first).path("error").path("type").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(chat(SIMPLE).statusCode()).isEqualTo(429);
        HttpResponse<String> raw = chat(SIMPLE);
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.body()).isEqualTo("this is not json");
        assertThat(calls).hasValue(0);

        assertThat(chat(SIMPLE).statusCode()).isEqualTo(200);
        assertThat(calls).hasValue(1);
        assertThat(server.requests()).hasSize(4);

        assertThatThrownBy(() -> server.failNext(200, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> server.failNext(500, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void repliesWaitForTheHandlerWithoutHoldingThreads() throws Exception {
        int n = 12;
        List<CompletableFuture<LlmResponse>> held = new ArrayList<>();
        start(LoopbackOpenAiServer.builder().threads(1).handler(answering(req -> {
            CompletableFuture<LlmResponse> answer = new CompletableFuture<>();
            synchronized (held) {
                held.add(answer);
                if (held.size() == n) {
                    held.forEach(f -> f.complete(LlmResponse.of("released")));
                }
            }
            return answer;
        })));

        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat/completions"))
                    .timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(SIMPLE)).build();
            responses.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> f : responses) {
            assertThat(f.get(15, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        assertThat(server.maxInFlight()).isEqualTo(n);
        assertThat(server.requests()).hasSize(n);
    }

    @Test
    void lifecycle() throws Exception {
        LoopbackOpenAiServer s = LoopbackOpenAiServer.builder().build();
        assertThatThrownBy(s::baseUrl).isInstanceOf(IllegalStateException.class);
        s.start();
        server = s;
        assertThat(s.baseUrl()).matches("http://127\\.0\\.0\\.1:\\d+/v1");
        assertThat(s.toString()).contains(s.baseUrl());
        assertThatThrownBy(s::start).isInstanceOf(IllegalStateException.class);
        assertThat(chat(SIMPLE).statusCode()).isEqualTo(200);
        s.close();
        s.close();
        assertThatThrownBy(() -> chat(SIMPLE)).isInstanceOf(IOException.class);
        assertThatThrownBy(s::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closeDropsRequestsTheHandlerNeverAnswers() throws Exception {
        CompletableFuture<Void> arrived = new CompletableFuture<>();
        start(LoopbackOpenAiServer.builder().handler(answering(req -> {
            arrived.complete(null);
            return new CompletableFuture<>();
        })));
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat/completions"))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(SIMPLE)).build();
        CompletableFuture<HttpResponse<String>> pending = client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        arrived.get(10, TimeUnit.SECONDS);
        long start = System.nanoTime();
        server.close();
        assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void builderValidates() {
        assertThatThrownBy(() -> LoopbackOpenAiServer.builder().threads(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threads");
        assertThatThrownBy(() -> LoopbackOpenAiServer.builder().model(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("model");
        assertThatThrownBy(() -> LoopbackOpenAiServer.builder().apiKey(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("apiKey");
    }
}
