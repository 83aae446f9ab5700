package io.augcon.llm.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.augcon.api.ChatMessage;
import io.augcon.api.FinishReason;
import io.augcon.api.LlmBackend;
import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.ResponseSchema;
import io.augcon.api.TokenUsage;
import io.augcon.testkit.LoopbackOpenAiServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class OpenAiChatBackendTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "sk-test-Zq8wX3vN5tK1pL0";
    private static final LlmRequest HELLO = LlmRequest.builder().prompt("hello").build();

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private LoopbackOpenAiServer server(LoopbackOpenAiServer.Builder builder) {
        LoopbackOpenAiServer server = builder.build().start();
        toClose.add(server);
        return server;
    }

    private static OpenAiChatBackend.Builder backendFor(LoopbackOpenAiServer server) {
        return OpenAiChatBackend.builder().baseUrl(server.baseUrl()).timeout(Duration.ofSeconds(10));
    }

    private static LlmBackend answering(LlmResponse response) {
        return req -> CompletableFuture.completedFuture(response);
    }

    private static LlmResponse answer(CompletionStage<LlmResponse> stage) throws Exception {
        return stage.toCompletableFuture().get(15, TimeUnit.SECONDS);
    }

    /** The LlmException a stage failed with; checks no message in its cause chain holds the key. */
    private static LlmException failure(CompletionStage<LlmResponse> stage) throws Exception {
        try {
            LlmResponse r = stage.toCompletableFuture().get(15, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + r);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(LlmException.class);
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(KEY);
                assertThat(t.toString()).doesNotContain(KEY);
            }
            return (LlmException) e.getCause();
        }
    }

    // ---------------------------------------------------------------- round trip

    @Test
    void roundTripSendsEverySettingAndReadsTheAnswer() throws Exception {
        LoopbackOpenAiServer server = server(LoopbackOpenAiServer.builder().model("served-model")
                .handler(answering(new LlmResponse("Question: what?", FinishReason.LENGTH,
                        new TokenUsage(11, 5), "ignored"))));
        OpenAiChatBackend backend = backendFor(server).model("client-model").build();

        LlmRequest request = LlmRequest.builder()
                .message(ChatMessage.system("You write questions."))
                .message(ChatMessage.user("Context: tea"))
                .message(ChatMessage.assistant("Question: why?"))
                .message(ChatMessage.user("Another, 中文也行"))
                .temperature(0.35)
                .maxTokens(77)
                .stop(List.of("\n\n", "END"))
                .seed(1234L)
                .stage("cst")
                .priority(9)
                .build();
        LlmResponse response = answer(backend.complete(request));

        assertThat(response.text()).isEqualTo("Question: what?");
        assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(response.truncated()).isTrue();
        assertThat(response.usage()).isEqualTo(new TokenUsage(11, 5));
        assertThat(response.model()).isEqualTo("served-model");

        assertThat(server.requests()).hasSize(1);
        LlmRequest seen = server.requests().get(0);
        assertThat(seen.messages()).isEqualTo(request.messages());
        assertThat(seen.temperature()).isEqualTo(0.35);
        assertThat(seen.maxTokens()).isEqualTo(77);
        assertThat(seen.stop()).containsExactly("\n\n", "END");
        assertThat(seen.seed()).isEqualTo(1234L);

        JsonNode wire = JSON.readTree(server.requestBodies().get(0));
        assertThat(wire.path("model").asText()).isEqualTo("client-model");
        assertThat(wire.path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(wire.path("messages").get(2).path("role").asText()).isEqualTo("assistant");
        assertThat(wire.has("stage")).isFalse();
        assertThat(wire.has("priority")).isFalse();
        assertThat(wire.path("seed").isIntegralNumber()).isTrue();
        assertThat(wire.path("max_tokens").asInt()).isEqualTo(77);
    }

    @Test
    void promptGoesAsOneUserMessageAndEmptyStopAndNullSeedAreLeftOut() throws Exception {
        LoopbackOpenAiServer server = server(LoopbackOpenAiServer.builder());
        OpenAiChatBackend backend = backendFor(server).build();

        LlmResponse response = answer(backend.complete(LlmRequest.builder().prompt("Question:").build()));

        assertThat(response.text()).isEqualTo("Question:");
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(server.requests().get(0).messages()).containsExactly(ChatMessage.user("Question:"));
        JsonNode wire = JSON.readTree(server.requestBodies().get(0));
        assertThat(wire.path("model").asText()).isEqualTo("default");
        assertThat(wire.has("stop")).isFalse();
        assertThat(wire.has("seed")).isFalse();
        assertThat(wire.path("temperature").asDouble()).isEqualTo(HELLO.temperature());
    }

    @Test
    void aRequestSchemaGoesAsAStrictJsonSchemaResponseFormat() throws Exception {
        LoopbackOpenAiServer server = server(LoopbackOpenAiServer.builder());
        OpenAiChatBackend backend = backendFor(server).responseFormat("{\"type\":\"json_object\"}").build();
        String schema = "{\"type\":\"object\",\"properties\":{\"correct\":{\"type\":\"boolean\"}},"
                + "\"required\":[\"correct\"],\"additionalProperties\":false}";

        answer(backend.complete(HELLO.toBuilder().responseSchema(new ResponseSchema("judge", schema)).build()));
        answer(backend.complete(HELLO));

        JsonNode format = JSON.readTree(server.requestBodies().get(0)).path("response_format");
        assertThat(format.path("type").asText()).isEqualTo("json_schema");
        assertThat(format.path("json_schema").path("name").asText()).isEqualTo("judge");
        assertThat(format.path("json_schema").path("strict").asBoolean()).isTrue();
        assertThat(format.path("json_schema").path("schema")).isEqualTo(JSON.readTree(schema));
        assertThat(server.requests().get(0).responseSchema()).isEqualTo(new ResponseSchema("judge", schema));
        // Without a schema the builder's format goes, as before.
        assertThat(JSON.readTree(server.requestBodies().get(1)).path("response_format").path("type").asText())
                .isEqualTo("json_object");
    }

    @Test
    void nullContentIsEmptyTextWithTheFinishReasonKeptAndMissingUsageIsZero() throws Exception {
        LoopbackOpenAiServer server = server(LoopbackOpenAiServer.builder());
        OpenAiChatBackend backend = backendFor(server).model("mine").build();
        server.replyNext(200, "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null},"
                + "\"finish_reason\":\"content_filter\"}]}", 1);

        LlmResponse response = answer(backend.complete(HELLO));

        assertThat(response.text()).isEmpty();
        assertThat(response.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThat(response.usage()).isEqualTo(TokenUsage.ZERO);
        assertThat(response.model()).isEqualTo("mine");
    }

    // ---------------------------------------------------------------- API key

    @Test
    void rightKeyPassesWrongOrMissingKeyIs401WithoutTheKeyInTheMessage() throws Exception {
        LoopbackOpenAiServer server = server(LoopbackOpenAiServer.builder().apiKey(KEY));

        assertThat(answer(backendFor(server).apiKey(KEY).build().complete(HELLO)).text()).isEqualTo("hello");

        // The loopback server echoes the presented key in its 401 message, as OpenAI does.
        String wrongKey = "sk-wrong-Hh7Yt2Qm9";
        OpenAiChatBackend wrong = backendFor(server).apiKey(wrongKey).build();
        LlmException e = failure(wrong.complete(HELLO));
        assertThat(e.kind()).isEqualTo(LlmException.Kind.HTTP_STATUS);
        assertThat(e.status()).hasValue(401);
        assertThat(e.getMessage()).contains("401").contains("Incorrect API key provided: ***")
                .doesNotContain(wrongKey);

        OpenAiChatBackend none = backendFor(server)
                .apiKeyFromEnv("AUGCON_TEST_UNSET", Map.<String, String>of()::get).build();
        LlmException missing = failure(none.complete(HELLO));
        assertThat(missing.kind()).isEqualTo(LlmException.Kind.HTTP_STATUS);
        assertThat(missing.status()).hasValue(401);
        assertThat(missing.getMessage()).contains("didn't provide an API key");
    }

    @Test
    void apiKeyFromEnvReadsTheVariableAndTreatsUnsetOrBlankAsNoKey() throws Exception {
        LoopbackOpenAiServer server = server(LoopbackOpenAiServer.builder().apiKey(KEY));
        Map<String, String> env = Map.of("MY_KEY", KEY, "BLANK", "  ");

        assertThat(answer(backendFor(server).apiKeyFromEnv("MY_KEY", env::get).build().complete(HELLO)).text())
                .isEqualTo("hello");
        assertThat(failure(backendFor(server).apiKeyFromEnv("BLANK", env::get).build().complete(HELLO))
                .getMessage()).contains("didn't provide an API key");
        // The real environment: a variable no machine sets.
        assertThat(failure(backendFor(server).apiKeyFromEnv("AUGCON_NO_SUCH_VARIABLE_7f3a").build()
                .complete(HELLO)).getMessage()).contains("didn't provide an API key");
        // The last key setting wins.
        assertThat(answer(backendFor(server).apiKeyFromEnv("BLANK", env::get).apiKey(KEY).build()
                .complete(HELLO)).text()).isEqualTo("hello");
    }

    @Test
    void serverTextEchoingTheAuthorizationHeaderIsRedacted() throws Exception {
        HttpServer echo = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        echo.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String path = exchange.getRequestURI().getPath();
            int status;
            String body;
            if (path.startsWith("/json")) {
                status = 500;
                body = "{\"error\":{\"message\":\"bad header: " + auth + "\",\"type\":\"server_error\"}}";
            } else if (path.startsWith("/text")) {
                status = 502;
                body = "<html>upstream rejected " + auth + "</html>";
            } else {
                status = 200;
                body = "not json, but your header was " + auth;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        echo.start();
        toClose.add(() -> echo.stop(0));
        String root = "http://127.0.0.1:" + echo.getAddress().getPort();

        OpenAiChatBackend json = OpenAiChatBackend.builder().baseUrl(root + "/json/v1").apiKey(KEY).build();
        LlmException e500 = failure(json.complete(HELLO));
        assertThat(e500.kind()).isEqualTo(LlmException.Kind.HTTP_STATUS);
        assertThat(e500.status()).hasValue(500);
        assertThat(e500.getMessage()).contains("HTTP 500").contains("bad header: Bearer ***");

        OpenAiChatBackend text = OpenAiChatBackend.builder().baseUrl(root + "/text/v1").apiKey(KEY).build();
        LlmException e502 = failure(text.complete(HELLO));
        assertThat(e502.status()).hasValue(502);
        assertThat(e502.getMessage()).contains("upstream rejected Bearer ***");

        OpenAiChatBackend ok = OpenAiChatBackend.builder().baseUrl(root + "/ok/v1").apiKey(KEY).build();
        LlmException malformed = failure(ok.complete(HELLO));
        assertThat(malformed.kind()).isEqualTo(LlmException.Kind.MALFORMED_RESPONSE);
        assertThat(malformed.getMessage()).contains("your header was Bearer ***");

        assertThat(json.toString()).doesNotContain(KEY).contains(root + "/json/v1").contains("default");
    }

    // ---------------------------------------------------------------- HTTP errors

    @Test
    void handlerFailureIsHttpStatus500() throws Exception {
        LoopbackOpenAiServer server = server(LoopbackOpenAiServer.builder()
                .handler(req -> CompletableFuture.failedFuture(new IllegalStateException("model crashed"))));
        LlmException e = failure(backendFor(server).build().complete(HELLO));
        assertThat(e.kind()).isEqualTo(LlmException.Kind.HTTP_STATUS);
        assertThat(e.status()).hasValue(500);
        assertThat(e.getMessage()).contains("500").contains("model crashed");
    }

    @Test
    void status429IsRateLimited() throws Exception {
        LoopbackOpenAiServer server = server(LoopbackOpenAiServer.builder());
        OpenAiChatBackend backend = backendFor(server).build();
        server.failNext(429, 1);

        LlmException e = failure(backend.complete(HELLO));
        assertThat(e.kind()).isEqualTo(LlmException.Kind.RATE_LIMITED);
        assertThat(e.status()).hasValue(429);
        assertThat(e.getMessage()).contains("429");
        // The fault was used up: the next request succeeds.
        assertThat(answer(backend.complete(HELLO)).text()).isEqualTo("hello");
    }

    @Test
    void longServerMessagesAreCutTo300Characters() throws Exception {
        LoopbackOpenAiServer server = server(LoopbackOpenAiServer.builder());
        OpenAiChatBackend backend = backendFor(server).build();
        String longMessage = "overloaded ".repeat(200);
        server.replyNext(503, "{\"error\":{\"message\":\"" + longMessage + "\"}}", 1);

        LlmException e = failure(backend.complete(HELLO));
        assertThat(e.status()).hasValue(503);
        String prefix = "HTTP 503 from " + backend.endpoint() + ": ";
        assertThat(e.getMessage()).startsWith(prefix + "overloaded overloaded");
        assertThat(e.getMessage().length() - prefix.length()).isLessThanOrEqualTo(OpenAiChatBackend.MAX_EXCERPT);
        assertThat(e.getMessage()).endsWith("…");
    }

    @Test
    void emptyErrorBodyStillGivesTheStatus() throws Exception {
        LoopbackOpenAiServer server = server(LoopbackOpenAiServer.builder());
        server.replyNext(404, "", 1);
        LlmException e = failure(backendFor(server).build().complete(HELLO));
        assertThat(e.kind()).isEqualTo(LlmException.Kind.HTTP_STATUS);
        assertThat(e.status()).hasValue(404);
        assertThat(e.getMessage()).contains("HTTP 404").contains("(empty body)");
    }

    @Test
    void unknownPathIsHttpStatus404() throws Exception {
        LoopbackOpenAiServer server = server(LoopbackOpenAiServer.builder());
        OpenAiChatBackend backend = OpenAiChatBackend.builder().baseUrl(server.baseUrl() + "/nope").build();
        LlmException e = failure(backend.complete(HELLO));
        assertThat(e.status()).hasValue(404);
        assertThat(e.getMessage()).contains("Invalid URL");
    }

    // ---------------------------------------------------------------- malformed answers

    @Test
    void malformedAnswersAreMalformedResponse() throws Exception {
        LoopbackOpenAiServer server = server(LoopbackOpenAiServer.builder());
        OpenAiChatBackend backend = backendFor(server).build();
        List<String> bodies = List.of(
                "this is not json",
                "",
                "[1,2,3]",
                "{}",
                "{\"choices\":[]}",
                "{\"choices\":{}}",
                "{\"choices\":[{\"finish_reason\":\"stop\"}]}",
                "{\"choices\":[{\"message\":{\"content\":42}}]}",
                "{\"choices\":[{\"message\":{\"content\":\"x\"}}],\"usage\":{\"prompt_tokens\":-1}}",
                "{\"choices\":[{\"message\":{\"content\":\"x\"}}],\"usage\":{\"prompt_tokens\":\"many\"}}",
                "{\"choices\":[{\"message\":{\"content\":\"x\"}}],\"usage\":[]}");
        for (String body : bodies) {
            server.replyNext(200, body, 1);
            LlmException e = failure(backend.complete(HELLO));
            assertThat(e.kind()).as(body).isEqualTo(LlmException.Kind.MALFORMED_RESPONSE);
            assertThat(e.getMessage()).as(body).startsWith("malformed answer from " + backend.endpoint());
        }
    }

    @Test
    void errorObjectInA200AnswerIsQuoted() throws Exception {
        LoopbackOpenAiServer server = server(LoopbackOpenAiServer.builder());
        server.replyNext(200, "{\"error\":{\"message\":\"the model is loading\"}}", 1);
        LlmException e = failure(backendFor(server).build().complete(HELLO));
        assertThat(e.kind()).isEqualTo(LlmException.Kind.MALFORMED_RESPONSE);
        assertThat(e.getMessage()).contains("no choices").contains("the model is loading");
    }

    // ---------------------------------------------------------------- transport failures

    @Test
    void noAnswerWithinTheTimeoutIsTimeout() throws Exception {
        LoopbackOpenAiServer server = server(LoopbackOpenAiServer.builder()
                .handler(req -> new CompletableFuture<>()));
        OpenAiChatBackend backend = backendFor(server).timeout(Duration.ofMillis(300)).build();

        long start = System.nanoTime();
        LlmException e = failure(backend.complete(HELLO));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(e.kind()).isEqualTo(LlmException.Kind.TIMEOUT);
        assertThat(e.status()).isEmpty();
        assertThat(e.getMessage()).contains("PT0.3S");
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(250)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void refusedConnectionIsConnection() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        OpenAiChatBackend backend = OpenAiChatBackend.builder()
                .baseUrl("http://127.0.0.1:" + port + "/v1").apiKey(KEY).timeout(Duration.ofSeconds(5)).build();
        LlmException e = failure(backend.complete(HELLO));
        assertThat(e.kind()).isEqualTo(LlmException.Kind.CONNECTION);
        assertThat(e.getMessage()).contains("127.0.0.1:" + port);
    }

    @Test
    void connectionClosedWithoutAnswerIsConnection() throws Exception {
        ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        toClose.add(socket);
        Thread acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    s.getInputStream().read(new byte[512]);
                    s.setSoLinger(true, 0); // reset, not a clean close
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();

        OpenAiChatBackend backend = OpenAiChatBackend.builder()
                .baseUrl("http://127.0.0.1:" + socket.getLocalPort() + "/v1").timeout(Duration.ofSeconds(5)).build();
        LlmException e = failure(backend.complete(HELLO));
        assertThat(e.kind()).isEqualTo(LlmException.Kind.CONNECTION);
    }

    @Test
    void cancellingTheStageClosesTheConnection() throws Exception {
        ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        toClose.add(socket);
        CompletableFuture<Void> requestRead = new CompletableFuture<>();
        CompletableFuture<Long> closedAfterMillis = new CompletableFuture<>();
        Thread silent = new Thread(() -> {
            try (Socket s = socket.accept()) {
                s.getInputStream().read(new byte[4096]);
                requestRead.complete(null);
                long start = System.nanoTime();
                // Never answer; wait for the client to give up on the connection.
                while (s.getInputStream().read(new byte[4096]) >= 0) {
                    // discard
                }
                closedAfterMillis.complete(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            } catch (IOException e) {
                closedAfterMillis.complete(-1L);
            }
        });
        silent.setDaemon(true);
        silent.start();

        OpenAiChatBackend backend = OpenAiChatBackend.builder()
                .baseUrl("http://127.0.0.1:" + socket.getLocalPort() + "/v1").timeout(Duration.ofSeconds(30)).build();
        CompletableFuture<LlmResponse> stage = backend.complete(HELLO).toCompletableFuture();
        requestRead.get(10, TimeUnit.SECONDS);
        assertThat(stage.cancel(true)).isTrue();

        // Well before the 30 s timeout, the server sees the connection end.
        assertThat(closedAfterMillis.get(10, TimeUnit.SECONDS)).isLessThan(10_000L);
        assertThat(stage).isCancelled();
    }

    // ---------------------------------------------------------------- concurrency

    @Test
    void manyRequestsAreInFlightAtOnce() throws Exception {
        int n = 16;
        List<CompletableFuture<LlmResponse>> held = new ArrayList<>();
        LoopbackOpenAiServer server = server(LoopbackOpenAiServer.builder().threads(2).handler(req -> {
            CompletableFuture<LlmResponse> answer = new CompletableFuture<>();
            synchronized (held) {
                held.add(answer);
                if (held.size() == n) {
                    for (int i = 0; i < n; i++) {
                        held.get(i).complete(LlmResponse.of("answer " + i));
                    }
                }
            }
            return answer;
        }));
        OpenAiChatBackend backend = backendFor(server).timeout(Duration.ofSeconds(8)).build();

        List<CompletableFuture<LlmResponse>> stages = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            stages.add(backend.complete(LlmRequest.builder().prompt("q" + i).build()).toCompletableFuture());
        }
        List<String> texts = new ArrayList<>();
        for (CompletableFuture<LlmResponse> f : stages) {
            texts.add(f.get(15, TimeUnit.SECONDS).text());
        }

        assertThat(texts).hasSize(n).allMatch(t -> t.startsWith("answer "));
        assertThat(server.maxInFlight()).isEqualTo(n);
        assertThat(server.requests()).hasSize(n);
    }

    // ---------------------------------------------------------------- builder

    @Test
    void builderDefaultsAndEndpoint() {
        OpenAiChatBackend plain = OpenAiChatBackend.builder().baseUrl("http://localhost:8000/v1").build();
        OpenAiChatBackend slash = OpenAiChatBackend.builder().baseUrl("http://localhost:8000/v1/").build();
        assertThat(plain.endpoint()).hasToString("http://localhost:8000/v1/chat/completions");
        assertThat(slash.endpoint()).isEqualTo(plain.endpoint());
        assertThat(plain.modelName()).isEqualTo("default");
        assertThat(plain.toString()).contains("http://localhost:8000/v1").contains("PT2M").contains("apiKey=none");

        OpenAiChatBackend keyed = OpenAiChatBackend.builder().baseUrl("https://api.example.com/v1")
                .model("gpt-x").apiKey(KEY).build();
        assertThat(keyed.modelName()).isEqualTo("gpt-x");
        assertThat(keyed.toString()).contains("https://api.example.com/v1").contains("gpt-x").doesNotContain(KEY);
    }

    @Test
    void builderNamesTheBadSetting() {
        Function<String, OpenAiChatBackend.Builder> url = u -> OpenAiChatBackend.builder().baseUrl(u);
        assertThatThrownBy(() -> OpenAiChatBackend.builder().build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baseUrl is required");
        for (String bad : List.of(" ", "not a url", "localhost:8000/v1", "ftp://example.com/v1", "/v1",
                "http:///v1")) {
            assertThatThrownBy(() -> url.apply(bad).build()).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baseUrl");
        }
        assertThatThrownBy(() -> url.apply("http://user:" + KEY + "@example.com/v1").apiKey(KEY).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user info")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY));
        assertThatThrownBy(() -> url.apply("http://example.com/v1?key=" + KEY).apiKey(KEY).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("query")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY));

        OpenAiChatBackend.Builder ok = url.apply("http://localhost/v1");
        assertThatThrownBy(() -> url.apply("http://localhost/v1").model(" ").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("model");
        assertThatThrownBy(() -> url.apply("http://localhost/v1").model(null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("model");
        for (Duration bad : new Duration[] {null, Duration.ZERO, Duration.ofSeconds(-1)}) {
            assertThatThrownBy(() -> url.apply("http://localhost/v1").timeout(bad).build()).as(String.valueOf(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
        }
        assertThatThrownBy(() -> url.apply("http://localhost/v1").apiKey("sk-a b").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("apiKey")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sk-a b"));
        assertThatThrownBy(() -> url.apply("http://localhost/v1").apiKey("sk-a\r\nX-Evil: 1").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("apiKey");
        assertThatThrownBy(() -> ok.apiKeyFromEnv(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("apiKeyFromEnv");
        assertThat(ok.build().modelName()).isEqualTo("default");
    }
}
