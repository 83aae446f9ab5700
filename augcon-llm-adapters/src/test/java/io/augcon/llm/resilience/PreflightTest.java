package io.augcon.llm.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.augcon.api.AsyncFailure;
import io.augcon.api.LlmBackend;
import io.augcon.api.LlmException;
import io.augcon.api.LlmUnavailableException;
import io.augcon.core.AugCon;
import io.augcon.llm.TestCorpus;
import io.augcon.llm.ollama.OllamaChatBackend;
import io.augcon.llm.openai.OpenAiChatBackend;
import io.augcon.llm.openai.OpenAiCompletionsBackend;
import io.augcon.testkit.LoopbackOpenAiServer;
import io.augcon.testkit.ScriptedLlm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The HTTP backends' preflight against a loopback server and a closed port: what every later
 * request would meet (no server, a refused key, a missing path or model) fails it with the
 * server's words and never the key; a usable server passes, with as few requests as it can.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PreflightTest {
    private static final String KEY = "sk-live-preflight-7c21d4";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final LoopbackOpenAiServer server = LoopbackOpenAiServer.builder().apiKey(KEY).model("served-7b")
            .handler(ScriptedLlm.immediate()).build().start();

    @AfterEach
    void stop() {
        server.close();
    }

    /** A loopback port with nothing listening: bound, then let go. */
    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Throwable preflightFailure(LlmBackend backend) {
        return AsyncFailure.cause(catchThrowable(() -> backend.preflight(TIMEOUT).toCompletableFuture().join()));
    }

    private OpenAiChatBackend.Builder openAi() {
        return OpenAiChatBackend.builder().baseUrl(server.baseUrl()).apiKey(KEY);
    }

    @Test
    void aClosedPortEndsTheLibraryRunWithTheConnectionErrorBeforeTheCorpusIsRead() {
        int port = closedPort();
        AtomicInteger read = new AtomicInteger();
        AugCon augcon = AugCon.builder()
                .llm(OpenAiChatBackend.builder().baseUrl("http://127.0.0.1:" + port + "/v1").model("m").build())
                .build();

        Throwable failure = catchThrowable(() -> augcon.run(TestCorpus.DOCUMENTS.stream().peek(d -> read.incrementAndGet()),
                record -> { }));

        assertThat(failure).isInstanceOf(LlmUnavailableException.class)
                .hasMessageStartingWith("cannot connect to http://127.0.0.1:" + port + "/v1/models");
        assertThat(((LlmException) failure).kind()).isEqualTo(LlmException.Kind.CONNECTION);
        assertThat(read).hasValue(0);
    }

    @Test
    void aRefusedKeyIsA401WithTheServersTextAndNeverTheKey() {
        String wrong = "sk-wrong-" + KEY;
        Throwable failure = preflightFailure(openAi().apiKey(wrong).model("served-7b").build());

        assertThat(failure).isInstanceOf(LlmUnavailableException.class)
                .hasMessage("HTTP 401 from " + server.baseUrl() + "/models: Incorrect API key provided: ***.");
        assertThat(((LlmException) failure).status()).hasValue(401);
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(KEY);
        }
        assertThat(server.requestCount()).as("no LLM request after a refused key").isZero();
    }

    @Test
    void aModelTheServerDoesNotServeIsA404WithTheServersTextAndTheModelsItLists() {
        server.replyNext(404, "{\"object\":\"error\",\"message\":\"The model `missing-13b` does not exist.\","
                + "\"type\":\"NotFoundError\",\"code\":404}", 1);
        Throwable failure = preflightFailure(openAi().model("missing-13b").build());

        assertThat(failure).isInstanceOf(LlmUnavailableException.class)
                .hasMessage("HTTP 404 from " + server.baseUrl() + "/chat/completions: The model `missing-13b` does not exist.;"
                        + " model 'missing-13b' is not among the 1 models listed at " + server.baseUrl() + "/models: served-7b");
        assertThat(((LlmException) failure).status()).hasValue(404);
    }

    @Test
    void aWrongPathIsA404NamingTheUrl() {
        String wrongBase = server.rootUrl() + "/api/v9";
        Throwable failure = preflightFailure(OpenAiChatBackend.builder().baseUrl(wrongBase).apiKey(KEY).model("served-7b").build());

        assertThat(failure).isInstanceOf(LlmUnavailableException.class)
                .hasMessageStartingWith("HTTP 404 from " + wrongBase + "/chat/completions: Invalid URL");
    }

    @Test
    void aListedModelPassesWithOneListRequestAndNoGeneration() {
        openAi().model("served-7b").build().preflight(TIMEOUT).toCompletableFuture().join();
        OpenAiCompletionsBackend.builder().baseUrl(server.baseUrl()).apiKey(KEY).model("served-7b").build()
                .preflight(TIMEOUT).toCompletableFuture().join();

        assertThat(server.modelListRequests()).isEqualTo(2);
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void aServerThatAnswersAnyModelNamePassesAfterOneShortRequest() {
        // llama.cpp's server lists the file it loaded and answers whatever model a request names.
        openAi().model("default").build().preflight(TIMEOUT).toCompletableFuture().join();

        assertThat(server.requests()).singleElement().satisfies(r -> assertThat(r.maxTokens()).isEqualTo(1));
    }

    @Test
    void ollamaIsAskedItsTagsAndAModelNotPulledIsNamedWithThoseThatAre() {
        try (LoopbackOpenAiServer ollama = LoopbackOpenAiServer.builder().model("qwen2.5:latest")
                .handler(ScriptedLlm.immediate()).build().start()) {
            OllamaChatBackend.builder().baseUrl(ollama.rootUrl()).model("qwen2.5").build()
                    .preflight(TIMEOUT).toCompletableFuture().join();
            assertThat(ollama.requestCount()).isZero();

            ollama.replyNext(404, "{\"error\":\"model \\\"llama3\\\" not found, try pulling it first\"}", 1);
            Throwable failure = preflightFailure(OllamaChatBackend.builder().baseUrl(ollama.rootUrl()).model("llama3").build());
            assertThat(failure).isInstanceOf(LlmUnavailableException.class)
                    .hasMessageContaining("HTTP 404 from " + ollama.rootUrl() + "/api/chat: model \"llama3\" not found")
                    .hasMessageContaining("listed at " + ollama.rootUrl() + "/api/tags: qwen2.5:latest, qwen2.5");
            assertThat(ollama.modelListRequests()).isEqualTo(2);
        }
    }

    @Test
    void aHostThatTakesConnectionsAndNeverAnswersPassesWithAWarningNamingTheUrl() throws Exception {
        List<String> warnings = new CopyOnWriteArrayList<>();
        Logger log = Logger.getLogger("io.augcon.llm.http.Preflight");
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(handler);
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            String base = "http://127.0.0.1:" + silent.getLocalPort() + "/v1";
            OpenAiChatBackend.builder().baseUrl(base).apiKey(KEY).model("served-7b").build()
                    .preflight(Duration.ofMillis(300)).toCompletableFuture().get(10, TimeUnit.SECONDS);

            assertThat(warnings).singleElement().asString().startsWith("LLM preflight: GET " + base
                    + "/models got no answer within 300 ms; the run goes on");
            assertThat(held).isNotEmpty();
        } finally {
            log.removeHandler(handler);
            for (Socket socket : held) {
                socket.close();
            }
        }
    }
}
