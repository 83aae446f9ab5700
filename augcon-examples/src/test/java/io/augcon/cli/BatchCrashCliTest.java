package io.augcon.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code generate --batch} as a separate process, killed with SIGKILL while it polls the batch of
 * its third round, then rerun with the same work dir: the rerun polls that batch instead of
 * creating another, uploads no request twice, and ends with the file of an uninterrupted run.
 */
class BatchCrashCliTest {
    private static final int KILLED_ROUND = 3;

    @TempDir
    Path dir;

    private final Holding handler = new Holding();
    private LoopbackOpenAiServer server;

    @BeforeEach
    void start() {
        server = LoopbackOpenAiServer.builder().apiKey(System.getenv(LoopbackServerCliTest.KEY_ENV)).model("loopback-7b")
                .handler(handler).build().start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aRunKilledWhilePollingIsResumedByPollingTheSameBatch() throws Exception {
        Path expected = dir.resolve("expected.jsonl");
        Process whole = launch(expected, dir.resolve("work-whole"));
        assertThat(whole.waitFor(120, TimeUnit.SECONDS)).as("uninterrupted run ends").isTrue();
        assertThat(whole.exitValue()).as(log(expected)).isZero();
        List<Integer> sizes = List.copyOf(server.batchSizes());
        assertThat(sizes).hasSizeGreaterThan(KILLED_ROUND);
        int linesBefore = server.batchLineBodies().size();

        // The first line of the third round holds every batch from then on in progress.
        CountDownLatch third = handler.holdFrom(sizes.get(0) + sizes.get(1) + 1);
        Path output = dir.resolve("resumed.jsonl");
        Path work = dir.resolve("work-killed");
        Process killed = launch(output, work);
        assertThat(third.await(120, TimeUnit.SECONDS)).as(log(output)).isTrue();
        String heldBatch = awaitPolledBatch(sizes.size() + KILLED_ROUND, output);
        killed.destroyForcibly();
        assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(server.batchIds()).hasSize(sizes.size() + KILLED_ROUND);

        server.batchProcessingDelay(Duration.ZERO);
        Process rerun = launch(output, work);
        assertThat(rerun.waitFor(120, TimeUnit.SECONDS)).as("rerun ends").isTrue();
        assertThat(rerun.exitValue()).as(log(output)).isZero();

        assertThat(Files.readAllBytes(output)).as("the resumed file").isEqualTo(Files.readAllBytes(expected));
        assertThat(server.batchIds()).as("the killed run and its rerun made one batch per round").hasSize(2 * sizes.size());
        assertThat(server.batchUploads()).isEqualTo(2 * sizes.size());
        assertThat(server.batchStatus(heldBatch)).as("the held batch, polled to its end by the rerun").isEqualTo("completed");
        List<String> resumedLines = server.batchLineBodies().subList(linesBefore, server.batchLineBodies().size());
        assertThat(new HashSet<>(resumedLines)).as("no request uploaded twice").hasSize(resumedLines.size());
        assertThat(resumedLines).hasSize(linesBefore);
    }

    /** The id of batch number {@code n} (from 1) once the killed run has polled it in progress. */
    private String awaitPolledBatch(int n, Path output) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            List<String> ids = server.batchIds();
            if (ids.size() >= n && "in_progress".equals(server.batchStatus(ids.get(n - 1)))) {
                return ids.get(n - 1);
            }
            // Waiting on another process's polls, which this test cannot be told of; not a timing assertion.
            Thread.sleep(20);
        }
        throw new AssertionError("batch " + n + " was not polled in progress: " + log(output));
    }

    private Process launch(Path output, Path work) throws Exception {
        List<String> command = ChildJvm.command("512m", AugConCli.class, "generate",
                "--input", CliRun.SAMPLES.resolve("en/bicycle-gears.md").toString(), "--output", output.toString(),
                "--base-url", server.baseUrl(), "--model", "loopback-7b", "--api-key-env", LoopbackServerCliTest.KEY_ENV,
                "--work-dir", work.toString(), "--seed", "11", "--batch", "--batch-poll-s", "0.05");
        File log = Path.of(output + ".log").toFile();
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
    }

    private static String log(Path output) throws Exception {
        Path log = Path.of(output + ".log");
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }

    /** Answers as the scripted LLM; from the armed line on, holds every batch in progress. */
    private final class Holding implements LlmBackend {
        private final LlmBackend answers = ScriptedLlm.immediate();
        private final AtomicInteger seen = new AtomicInteger();
        private volatile CountDownLatch latch = new CountDownLatch(0);
        private volatile int target = Integer.MAX_VALUE;

        CountDownLatch holdFrom(int line) {
            seen.set(0);
            latch = new CountDownLatch(1);
            target = line;
            return latch;
        }

        @Override
        public CompletionStage<LlmResponse> complete(LlmRequest request) {
            if (seen.incrementAndGet() == target) {
                server.batchProcessingDelay(Duration.ofHours(1));
                latch.countDown();
            }
            return answers.complete(request);
        }

        @Override
        public String modelName() {
            return answers.modelName();
        }
    }
}
