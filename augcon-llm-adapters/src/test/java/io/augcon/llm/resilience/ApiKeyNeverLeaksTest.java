package io.augcon.llm.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.core.AugCon;
import io.augcon.core.llm.Resilience;
import io.augcon.core.llm.RetryPolicy;
import io.augcon.core.run.RunSummary;
import io.augcon.llm.TestCorpus;
import io.augcon.llm.openai.OpenAiChatBackend;
import io.augcon.testkit.LoopbackOpenAiServer;
import io.augcon.testkit.ManualScheduler;
import io.augcon.testkit.ScriptedLlm;
import io.augcon.testkit.ServerFault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every log record (at every level) and every exception message of runs that meet each kind of
 * fault, and of a run with a wrong key that the server echoes back, is free of the API key.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ApiKeyNeverLeaksTest {
    private static final String KEY = "sk-live-never-print-3e9f0a";

    private final List<LogRecord> logs = Collections.synchronizedList(new ArrayList<>());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logs.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private Level rootLevel;
    private final LoopbackOpenAiServer server = LoopbackOpenAiServer.builder().apiKey(KEY).model("m")
            .handler(ScriptedLlm.immediate()).build().start();

    @BeforeEach
    void captureEverything() {
        Logger root = Logger.getLogger("");
        rootLevel = root.getLevel();
        root.setLevel(Level.ALL);
        capture.setLevel(Level.ALL);
        root.addHandler(capture);
    }

    @AfterEach
    void restore() {
        Logger root = Logger.getLogger("");
        root.removeHandler(capture);
        root.setLevel(rootLevel);
        server.close();
    }

    private AugCon pipeline(String key) {
        return AugCon.builder()
                .llm(OpenAiChatBackend.builder().baseUrl(server.baseUrl()).model("m").apiKey(key)
                        .timeout(Duration.ofSeconds(1)).build())
                .concurrency(3)
                .scheduler(ManualScheduler.autoAdvancing())
                // Virtual time that runs each task at once would fire the request timeout before the server answers.
                .llmPolicy(p -> p.withResilience(Resilience.builder()
                        .retry(RetryPolicy.builder().maxAttempts(12).build()).requestTimeout(Resilience.NO_REQUEST_TIMEOUT).build()))
                .build();
    }

    @Test
    void retriedFaultsAndARefusedKeyLeaveTheKeyOutOfLogsAndMessages() throws Exception {
        server.inject(ServerFault.status(500), 2);
        server.inject(ServerFault.rateLimited("1"), 2);
        server.inject(ServerFault.closeConnection(), 1);
        server.inject(ServerFault.hang(), 1);
        server.inject(ServerFault.truncatedJson(), 1);
        server.inject(ServerFault.raw(502, "text/html", "<h1>Bad gateway for Bearer " + KEY + "</h1>"), 1);
        RunSummary summary = pipeline(KEY).run(TestCorpus.DOCUMENTS.stream(), r -> { });
        assertThat(summary.resilience().totalRetries()).isGreaterThanOrEqualTo(8);

        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(
                () -> pipeline("sk-wrong-" + KEY).run(TestCorpus.DOCUMENTS.stream(), r -> { }));
        assertThat(refused).isNotNull().hasMessageContaining("401");
        for (Throwable t = refused; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(KEY);
            assertThat(t.toString()).doesNotContain(KEY);
        }

        List<LogRecord> seen;
        synchronized (logs) {
            seen = List.copyOf(logs);
        }
        assertThat(seen).as("the decorators log their retries")
                .anySatisfy(r -> assertThat(r.getLoggerName()).isEqualTo(io.augcon.core.internal.llm.RetryingBackend.class.getName()));
        for (LogRecord record : seen) {
            String message = new java.util.logging.SimpleFormatter().formatMessage(record);
            assertThat(message).as(record.getLoggerName()).doesNotContain(KEY);
            for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(KEY);
            }
        }
        assertThatThrownBy(() -> { throw new IllegalStateException(String.valueOf(summary)); })
                .message().doesNotContain(KEY);
    }
}
