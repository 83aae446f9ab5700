package io.augcon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.api.LlmRequest;
import io.augcon.llm.batch.BatchJournal;
import io.augcon.llm.batch.BatchProgress;
import io.augcon.llm.openai.OpenAiBatchBackend;
import io.augcon.testkit.LoopbackOpenAiServer;
import io.augcon.testkit.ScriptedLlm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code generate --batch} and {@code --batch-cancel} on the samples, against the loopback Batch API. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BatchCliTest {
    @TempDir
    Path dir;

    private LoopbackOpenAiServer server;

    @BeforeEach
    void start() {
        server = LoopbackOpenAiServer.builder().apiKey(System.getenv(LoopbackServerCliTest.KEY_ENV)).model("loopback-7b")
                .handler(ScriptedLlm.immediate()).build().start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CliRun generate(Path output, Path work, String... extra) {
        List<String> args = new ArrayList<>(List.of("generate", "--input", CliRun.SAMPLES.toString(),
                "--output", output.toString(), "--base-url", server.baseUrl(), "--model", "loopback-7b",
                "--api-key-env", LoopbackServerCliTest.KEY_ENV, "--seed", "5"));
        if (work != null) {
            args.addAll(List.of("--work-dir", work.toString()));
        }
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void batchWithoutAWorkDirIsBadUsageSayingWhy() {
        CliRun run = generate(dir.resolve("out.jsonl"), null, "--batch");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--batch needs --work-dir");
        assertThat(server.batchUploads()).isZero();
    }

    @Test
    void aBatchRunWritesTheOnlineRunsFileAndSummarisesItsRounds() throws Exception {
        Path online = dir.resolve("online.jsonl");
        assertThat(generate(online, dir.resolve("work-online")).exitCode()).isZero();
        int onlineRequests = server.requests().size();

        Path batched = dir.resolve("batch.jsonl");
        // The default 2 s quiet window: a shorter one splits a level in two when the machine is loaded.
        CliRun run = generate(batched, dir.resolve("work-batch"), "--batch", "--batch-poll-s", "0.02");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Files.readString(batched)).isEqualTo(Files.readString(online));
        assertThat(server.requests()).as("no online request in batch mode").hasSize(onlineRequests);
        assertThat(server.batchLineBodies()).hasSize(onlineRequests);
        assertThat(run.err()).contains("augcon: batch: " + server.batchIds().size() + " rounds, requests per round "
                + server.batchSizes()).contains("billed at the provider's batch rate");
        // One round per tree level of all 93 roots at once, then the responses' steps: 2,415 calls in 8 rounds.
        assertThat(server.batchSizes()).containsExactly(93, 186, 348, 456, 422, 240, 274, 396);
    }

    @Test
    void aTokenizerCountsTheUsageOfBatchLinesThatReportNone(@TempDir Path files) throws Exception {
        Path tokenizer = files.resolve("tokenizer.json");
        try (var in = getClass().getClassLoader().getResourceAsStream("bge-small-zh-v1.5-tokenizer.json")) {
            Files.copy(in, tokenizer);
        }
        // A server whose answers carry no usage, online or in a batch's output lines.
        try (LoopbackOpenAiServer silent = LoopbackOpenAiServer.builder().apiKey(System.getenv(LoopbackServerCliTest.KEY_ENV))
                .model("loopback-7b").build().start()) {
            CliRun run = CliRun.of("generate", "--input", CliRun.SAMPLES.resolve("en/bicycle-gears.md").toString(),
                    "--output", dir.resolve("t.jsonl").toString(), "--base-url", silent.baseUrl(), "--model", "loopback-7b",
                    "--api-key-env", LoopbackServerCliTest.KEY_ENV, "--work-dir", dir.resolve("work-t").toString(),
                    "--batch", "--batch-poll-s", "0.02", "--batch-quiet-ms", "300", "--tokenizer", tokenizer.toString());

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(silent.batchLineBodies()).isNotEmpty();
            assertThat(run.err()).contains("tokens in ").doesNotContain("tokens in 0,");
        }
    }

    @Test
    void batchCancelCancelsEveryOpenBatchOfTheJournal() throws Exception {
        Path work = dir.resolve("work");
        server.batchProcessingDelay(Duration.ofHours(1));
        CompletableFuture<String> created = new CompletableFuture<>();
        try (OpenAiBatchBackend backend = OpenAiBatchBackend.builder().baseUrl(server.baseUrl()).model("loopback-7b")
                .apiKeyFromEnv(LoopbackServerCliTest.KEY_ENV).quietWindow(Duration.ofMillis(50))
                .journal(BatchJournal.inDirectory(Files.createDirectories(work)))
                .listener(p -> {
                    if (p.step() == BatchProgress.Step.CREATED) {
                        created.complete(p.batchId());
                    }
                }).build()) {
            backend.complete(LlmRequest.builder().prompt("Question: one").build());
            backend.complete(LlmRequest.builder().prompt("Question: two").build());
            assertThat(created.get(30, TimeUnit.SECONDS)).isEqualTo(server.batchIds().get(0));
        }

        CliRun run = generate(dir.resolve("out.jsonl"), work, "--batch-cancel");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("cancelled 1 open batch: " + server.batchIds().get(0));
        assertThat(server.batchCancels()).isEqualTo(1);
        try (BatchJournal journal = BatchJournal.inDirectory(work)) {
            assertThat(journal.openRounds()).isEmpty();
        }
        assertThat(generate(dir.resolve("out.jsonl"), work, "--batch-cancel").err()).contains("cancelled 0 open batches");
    }
}
