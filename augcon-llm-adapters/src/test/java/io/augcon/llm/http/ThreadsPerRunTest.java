package io.augcon.llm.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.core.AugCon;
import io.augcon.core.run.RunSummary;
import io.augcon.llm.openai.OpenAiChatBackend;
import io.augcon.testkit.LoopbackOpenAiServer;
import io.augcon.testkit.ScriptedLlm;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A whole run through the OpenAI chat backend starts a bounded number of threads, however many
 * calls it makes: the JDK client's {@code sendAsync} used to start one per call on a machine with
 * 2 or fewer cores (issue 17), and the pipeline's continuations ran on them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ThreadsPerRunTest {
    private static final int CONCURRENCY = 8;

    @ParameterizedTest
    @EnumSource(HttpTransport.class)
    void aRunStartsThreadsForItsConcurrencyNotForItsCalls(HttpTransport transport) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (LoopbackOpenAiServer server = LoopbackOpenAiServer.builder().model("loopback")
                .handler(ScriptedLlm.immediate()).build().start()) {
            AugCon augcon = AugCon.builder()
                    .llm(OpenAiChatBackend.builder().baseUrl(server.baseUrl()).model("loopback").transport(transport)
                            .timeout(Duration.ofSeconds(60)).build())
                    .concurrency(CONCURRENCY)
                    // the run's CPU pool is sized by the cores unless set; fixed so the bound holds on any machine
                    .execution(e -> e.withCpuThreads(2))
                    .seed(3)
                    .build();
            long before = threads.getTotalStartedThreadCount();
            RunSummary summary = augcon.run(Path.of("../augcon-examples/samples/en"), record -> { });
            long started = threads.getTotalStartedThreadCount() - before;

            assertThat(summary.totalLlmCalls()).as("calls of the run").isGreaterThan(300);
            // In flight at most CONCURRENCY sends, the run's CPU threads, the loopback server's, the
            // HTTP client's own (the JDK's selector, OkHttp's connection cleaner and timeout
            // watchdog; Apache's reactor, deadline timer and answer threads), the scheduler: a few
            // dozen at most, against one per call before. Measured here: 23 to 26 with OkHttp, 34 to
            // 35 with the JDK client, 18 to 19 with Apache's async client.
            int bound = transport == HttpTransport.JDK ? 64 : 40;
            assertThat(started).as("threads started for %d calls over %s", summary.totalLlmCalls(), transport).isLessThan(bound);
        }
    }
}
