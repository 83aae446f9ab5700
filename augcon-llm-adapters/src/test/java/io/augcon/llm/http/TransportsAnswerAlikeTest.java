package io.augcon.llm.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augcon.api.LlmException;
import io.augcon.testkit.LoopbackOpenAiServer;
import io.augcon.testkit.RawHttp;
import io.augcon.testkit.ScriptedLlm;
import io.augcon.testkit.ServerFault;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Both {@link HttpTransport}s give {@link JsonHttpClient}'s callers the same answers and the same
 * typed failures: the JSON object, a status with the server's text and its {@code Retry-After},
 * a timeout, a refused or reset connection, a body that is not JSON, and a cancellation that
 * closes the connection. The key is never in a message.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TransportsAnswerAlikeTest {
    private static final String KEY = "sk-transport-test-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a closed connection sits idle in the pool before it is lent again: far longer than its close takes to arrive. */
    private static final long IDLE_MS = 100;

    private LoopbackOpenAiServer server;

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    private LoopbackOpenAiServer server() {
        server = LoopbackOpenAiServer.builder().model("loopback").apiKey(KEY).handler(ScriptedLlm.immediate()).build().start();
        return server;
    }

    private static JsonHttpClient client(String baseUrl, HttpTransport transport, Duration timeout) {
        return JsonHttpClient.builder().endpoint(baseUrl, "/chat/completions").bearerToken(KEY)
                .header("X-Tenant", "team-7").timeout(timeout).transport(transport).build();
    }

    private static JsonNode chat() throws IOException {
        return JSON.readTree("{\"model\":\"loopback\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello.\"}]}");
    }

    private static LlmException failure(CompletableFuture<?> call) throws Exception {
        try {
            Object answer = call.get(15, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + answer);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(LlmException.class);
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(KEY);
            }
            return (LlmException) e.getCause();
        }
    }

    private static String header(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(e -> String.join(",", e.getValue())).findFirst().orElse(null);
    }

    @ParameterizedTest
    @EnumSource(HttpTransport.class)
    void anAnswerIsItsJsonObjectAndTheHeadersAreSent(HttpTransport transport) throws Exception {
        JsonHttpClient http = client(server().baseUrl(), transport, Duration.ofSeconds(10));

        JsonNode answer = http.post(chat()).get(15, TimeUnit.SECONDS);

        assertThat(http.transport()).isEqualTo(transport);
        assertThat(answer.path("choices").isArray()).isTrue();
        Map<String, List<String>> sent = server.requestHeaders().get(0);
        assertThat(header(sent, "Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(header(sent, "X-Tenant")).isEqualTo("team-7");
        assertThat(header(sent, "Accept")).isEqualTo("application/json");
        assertThat(header(sent, "Content-Type")).isEqualTo("application/json");
    }

    @ParameterizedTest
    @EnumSource(HttpTransport.class)
    void aModelListIsFetchedWithTheSameHeaders(HttpTransport transport) throws Exception {
        JsonHttpClient http = client(server().baseUrl(), transport, Duration.ofSeconds(10));

        JsonNode models = http.get("/models", Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS);

        assertThat(models.path("data").get(0).path("id").asText()).isEqualTo("loopback");
        assertThat(server.modelListRequests()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(HttpTransport.class)
    void anErrorStatusCarriesTheServersTextAndItsRetryAfter(HttpTransport transport) throws Exception {
        JsonHttpClient http = client(server().baseUrl(), transport, Duration.ofSeconds(10));
        server.inject(ServerFault.rateLimited("7"), 1);

        LlmException e = failure(http.post(chat()));

        assertThat(e.kind()).isEqualTo(LlmException.Kind.RATE_LIMITED);
        assertThat(e.status()).hasValue(429);
        assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(7));
        assertThat(e.getMessage()).startsWith("HTTP 429 from " + server.baseUrl() + "/chat/completions: ");
    }

    @ParameterizedTest
    @EnumSource(HttpTransport.class)
    void aBodyThatIsNotJsonIsMalformedNamingItsContentType(HttpTransport transport) throws Exception {
        JsonHttpClient http = client(server().baseUrl(), transport, Duration.ofSeconds(10));
        server.inject(ServerFault.htmlPage(), 1);

        LlmException e = failure(http.post(chat()));

        assertThat(e.kind()).isEqualTo(LlmException.Kind.MALFORMED_RESPONSE);
        assertThat(e.getMessage()).contains("text/html").contains("Service warming up");
    }

    @ParameterizedTest
    @EnumSource(HttpTransport.class)
    void noAnswerWithinTheTimeoutIsTimeout(HttpTransport transport) throws Exception {
        JsonHttpClient http = client(server().baseUrl(), transport, Duration.ofMillis(300));
        server.inject(ServerFault.hang(), 1);

        long start = System.nanoTime();
        LlmException e = failure(http.post(chat()));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(e.kind()).isEqualTo(LlmException.Kind.TIMEOUT);
        assertThat(e.getMessage()).isEqualTo("no answer from " + server.baseUrl() + "/chat/completions within PT0.3S");
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(250)).isLessThan(Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @EnumSource(HttpTransport.class)
    void aConnectionClosedWithoutAnswerIsConnection(HttpTransport transport) throws Exception {
        JsonHttpClient http = client(server().baseUrl(), transport, Duration.ofSeconds(10));
        server.inject(ServerFault.closeConnection(), 1);

        LlmException e = failure(http.post(chat()));

        assertThat(e.kind()).isEqualTo(LlmException.Kind.CONNECTION);
        assertThat(e.getMessage()).startsWith("connection to " + server.baseUrl() + "/chat/completions failed: ");
        // Sent once: a transport that resent it on its own would hide the failure from the retry policy.
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(HttpTransport.class)
    void aRefusedConnectionIsConnection(HttpTransport transport) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String base = "http://127.0.0.1:" + port + "/v1";
        JsonHttpClient http = client(base, transport, Duration.ofSeconds(5));

        LlmException e = failure(http.post(chat()));

        assertThat(e.kind()).isEqualTo(LlmException.Kind.CONNECTION);
        assertThat(e.getMessage()).startsWith("cannot connect to " + base + "/chat/completions: ");
    }

    @ParameterizedTest
    @EnumSource(HttpTransport.class)
    void cancellingTheCallClosesItsConnectionNewOrPooled(HttpTransport transport) throws Exception {
        // Cancelled as soon as the server has read the request, 20 times on a new connection and 20
        // times on a pooled one. Apache 5.6.5's own cancel left 2 of 20 new connections and all 20
        // pooled ones open (CancelCloseRun); the call's timeout is long, so it cannot close them.
        for (boolean pooled : new boolean[] {false, true}) {
            for (int i = 0; i < 20; i++) {
                try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                    CompletableFuture<Void> requestRead = new CompletableFuture<>();
                    CompletableFuture<Boolean> closed = new CompletableFuture<>();
                    Thread silent = new Thread(() -> {
                        try (Socket s = socket.accept()) {
                            if (pooled) {
                                answerOnce(s);
                            }
                            RawHttp.readRequest(s.getInputStream());
                            requestRead.complete(null);
                            while (s.getInputStream().read(new byte[4096]) >= 0) {
                                // never answer; read until the client closes
                            }
                            closed.complete(true);
                        } catch (IOException e) {
                            closed.complete(true);
                        }
                    });
                    silent.setDaemon(true);
                    silent.start();
                    JsonHttpClient http = client("http://127.0.0.1:" + socket.getLocalPort() + "/v1", transport, Duration.ofSeconds(60));
                    if (pooled) {
                        assertThat(http.post(chat()).get(10, TimeUnit.SECONDS).path("id").asText()).isEqualTo("answer");
                    }

                    CompletableFuture<JsonNode> call = http.post(chat());
                    // a pooled call that went out on a new connection is never read: this times out
                    requestRead.get(10, TimeUnit.SECONDS);
                    assertThat(call.cancel(true)).isTrue();

                    assertThat(closed.get(10, TimeUnit.SECONDS)).as("closed (%s connection, cancel %d)", pooled ? "pooled" : "new", i)
                            .isTrue();
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(HttpTransport.class)
    void aCallSentOnTheLastAnswerReusesItsConnection(HttpTransport transport) throws Exception {
        // Servers that accept one connection each and answer two requests on it: the second call,
        // sent as soon as the first answer is in, must find that connection back in the pool.
        // Apache handed over an answer before it gave the connection back, and such a call opened
        // another connection (nobody reads it here, so the call times out).
        for (int i = 0; i < 50; i++) {
            try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                Thread server = new Thread(() -> {
                    try (Socket s = socket.accept()) {
                        answerOnce(s);
                        answerOnce(s);
                    } catch (IOException e) {
                        // the test's own calls fail then
                    }
                });
                server.setDaemon(true);
                server.start();
                JsonHttpClient http = client("http://127.0.0.1:" + socket.getLocalPort() + "/v1", transport, Duration.ofSeconds(10));

                assertThat(http.post(chat()).get(15, TimeUnit.SECONDS).path("id").asText()).isEqualTo("answer");
                assertThat(http.post(chat()).get(15, TimeUnit.SECONDS).path("id").asText()).as("second call, server %d", i)
                        .isEqualTo("answer");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(HttpTransport.class)
    void aPooledConnectionTheServerClosedWhileIdleCostsNoRequest(HttpTransport transport) throws Exception {
        // A server that closes each connection after its answer, without saying "Connection: close",
        // as one does at its idle timeout or its cap on idle connections. The client pools the
        // connection, and a request sent after it has sat idle a while must not fail on it. (A
        // request sent the instant the server closes may: StaleConnectionRun counts those, and the
        // retry decorator retries them.)
        int calls = 10;
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            BlockingQueue<Boolean> closes = new LinkedBlockingQueue<>();
            RawHttp.answerOncePerConnection(socket, "{\"id\":\"answer\"}", () -> closes.add(true));
            JsonHttpClient http = client("http://127.0.0.1:" + socket.getLocalPort() + "/v1", transport, Duration.ofSeconds(10));

            for (int i = 0; i < calls; i++) {
                assertThat(http.post(chat()).get(10, TimeUnit.SECONDS).path("id").asText()).as("call %d", i).isEqualTo("answer");
                assertThat(closes.poll(10, TimeUnit.SECONDS)).isTrue();
                Thread.sleep(IDLE_MS); // the connection sits idle in the pool, closed by the server
            }
        }
    }

    @Test
    void apacheHandsOverAnAnswerWhoseRequestTheServerNeverFinishedReading() throws Exception {
        // The Apache transport holds an answer until Apache has ended the exchange (so that the
        // connection is back in the pool). A server that answers before it has read the request's
        // body, and reads no more, keeps the exchange from ending: the answer must come anyway.
        // (OkHttp and the JDK client write the whole body before they read, and time out here.)
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            Thread server = new Thread(() -> {
                try (Socket s = socket.accept()) {
                    RawHttp.readHead(s.getInputStream());
                    RawHttp.answerJson(s.getOutputStream(), "{\"id\":\"early\"}");
                    done.get(30, TimeUnit.SECONDS); // holds the connection open, reading nothing more
                } catch (Exception e) {
                    // the test's assertion reports it
                }
            });
            server.setDaemon(true);
            server.start();
            JsonHttpClient http = client("http://127.0.0.1:" + socket.getLocalPort() + "/v1", HttpTransport.APACHE_ASYNC,
                    Duration.ofSeconds(30));
            // far more than the socket buffers take: the body cannot all be written
            String prompt = "x".repeat(32 << 20);

            try {
                JsonNode answer = http.post(JSON.createObjectNode().put("model", "loopback").put("prompt", prompt))
                        .get(15, TimeUnit.SECONDS);
                assertThat(answer.path("id").asText()).isEqualTo("early");
            } finally {
                done.complete(null);
            }
        }
    }

    /** Reads one request and answers it with a small JSON object, keeping the connection open. */
    private static void answerOnce(Socket s) throws IOException {
        RawHttp.readRequest(s.getInputStream());
        RawHttp.answerJson(s.getOutputStream(), "{\"id\":\"answer\"}");
    }

    @Test
    void apacheIsTheDefaultAndAGivenJdkClientMeansTheJdkTransport() {
        JsonHttpClient.Builder builder = JsonHttpClient.builder().endpoint("http://127.0.0.1:9/v1", "/chat/completions");
        assertThat(builder.build().transport()).isEqualTo(HttpTransport.APACHE_ASYNC);
        assertThat(builder.httpClient(HttpClient.newHttpClient()).build().transport()).isEqualTo(HttpTransport.JDK);
        assertThat(builder.transport(HttpTransport.OKHTTP).build().transport()).isEqualTo(HttpTransport.OKHTTP);
        assertThat(builder.transport(null).httpClient(null).build().toString())
                .isEqualTo("JsonHttpClient[endpoint=http://127.0.0.1:9/v1/chat/completions, headers=[], secret=none,"
                        + " timeout=PT2M, transport=APACHE_ASYNC]");
    }
}
