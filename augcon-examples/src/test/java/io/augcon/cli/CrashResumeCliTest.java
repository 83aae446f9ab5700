package io.augcon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.augcon.api.LlmBackend;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.testkit.ChildJvm;
import io.augcon.testkit.LoopbackOpenAiServer;
import io.augcon.testkit.ScriptedLlm;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as a separate process, killed with SIGKILL ({@link Process#destroyForcibly()} on Linux)
 * at seeded random points of a run against a loopback OpenAI server, then resumed with the same
 * work dir: the output must end byte-for-byte as an uninterrupted run's, and each kill may cost at
 * most the requests that were in flight (at most {@code --concurrency}) asked again.
 */
class CrashResumeCliTest {
    private static final int CONCURRENCY = 4;
    private static final int KILLS = 3;

    @TempDir
    Path dir;

    private final KillSwitch killSwitch = new KillSwitch();
    private LoopbackOpenAiServer server;

    @BeforeEach
    void start() {
        server = LoopbackOpenAiServer.builder().apiKey(System.getenv(LoopbackServerCliTest.KEY_ENV)).model("loopback-7b")
                .handler(killSwitch).build();
        server.start();
        server.latency(Duration.ofMillis(25));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aRunKilledThreeTimesAndResumedWritesTheSameFileAsAnUninterruptedOne() throws Exception {
        Path expected = dir.resolve("expected.jsonl");
        Process whole = launch(expected, dir.resolve("work-whole"));
        assertThat(whole.waitFor(60, TimeUnit.SECONDS)).as("uninterrupted run ends").isTrue();
        assertThat(whole.exitValue()).as(log(expected)).isZero();
        int uninterrupted = killSwitch.disarm();
        assertThat(uninterrupted).isEqualTo(server.requestCount());
        assertThat(uninterrupted).as("requests of a whole run").isGreaterThan(40);

        Path output = dir.resolve("resumed.jsonl");
        Path work = dir.resolve("work-killed");
        Random random = new Random(20240526L);
        int asked = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            int after = 5 + random.nextInt(uninterrupted / (KILLS + 1));
            CountDownLatch reached = killSwitch.armAfter(after);
            Process run = launch(output, work);
            boolean triggered = reached.await(60, TimeUnit.SECONDS);
            assertThat(triggered && run.isAlive()).as("run %d still going after %d new requests; %s", kill, after, log(output))
                    .isTrue();
            if (kill == KILLS - 1) {
                // The last kill waits for a first record, so the resumed run has records to keep: under
                // CPU load the first root's records came after all three kill points (193 requests).
                awaitFirstRecord(output, run);
            }
            run.destroyForcibly();
            assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
            asked += killSwitch.disarm();
        }
        Process last = launch(output, work);
        assertThat(last.waitFor(60, TimeUnit.SECONDS)).as("resumed run ends").isTrue();
        assertThat(last.exitValue()).as(log(output)).isZero();
        asked += killSwitch.disarm();

        assertThat(Files.readAllBytes(output)).as("the resumed file").isEqualTo(Files.readAllBytes(expected));
        List<JsonNode> records = CliRun.records(output);
        assertThat(records.stream().map(r -> r.get("id").asText()).distinct().count()).isEqualTo(records.size());
        assertThat(asked).as("requests over all resumed runs").isBetween(uninterrupted, uninterrupted + KILLS * CONCURRENCY);
        assertThat(Files.readString(dir.resolve("resumed.jsonl.log"))).contains("resuming " + output);
    }

    /** Waits, at most 60 s, until {@code output} holds a whole record line or {@code run} has ended. */
    private static void awaitFirstRecord(Path output, Process run) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (run.isAlive() && System.nanoTime() < deadline
                && !(Files.exists(output) && Files.readString(output).contains("\n"))) {
            Thread.sleep(20);
        }
    }

    private Process launch(Path output, Path work) throws Exception {
        List<String> command = ChildJvm.command("512m", AugConCli.class, "generate",
                "--input", CliRun.SAMPLES.resolve("en/bicycle-gears.md").toString(), "--output", output.toString(),
                "--base-url", server.baseUrl(), "--model", "loopback-7b", "--api-key-env", LoopbackServerCliTest.KEY_ENV,
                "--concurrency", String.valueOf(CONCURRENCY), "--work-dir", work.toString(), "--seed", "11");
        File log = Path.of(output + ".log").toFile();
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
    }

    private static String log(Path output) throws Exception {
        Path log = Path.of(output + ".log");
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }

    /** Answers as the scripted LLM and counts requests, opening a latch at the armed count. */
    private static final class KillSwitch implements LlmBackend {
        private final LlmBackend answers = ScriptedLlm.immediate();
        private final AtomicInteger seen = new AtomicInteger();
        private final AtomicReference<CountDownLatch> latch = new AtomicReference<>(new CountDownLatch(0));
        private volatile int target = Integer.MAX_VALUE;

        CountDownLatch armAfter(int requests) {
            CountDownLatch armed = new CountDownLatch(1);
            target = requests;
            latch.set(armed);
            return armed;
        }

        /** Requests seen since the last disarm; stops counting toward a kill. */
        int disarm() {
            target = Integer.MAX_VALUE;
            return seen.getAndSet(0);
        }

        @Override
        public CompletionStage<LlmResponse> complete(LlmRequest request) {
            if (seen.incrementAndGet() >= target) {
                latch.get().countDown();
            }
            return answers.complete(request);
        }

        @Override
        public String modelName() {
            return answers.modelName();
        }
    }
}
