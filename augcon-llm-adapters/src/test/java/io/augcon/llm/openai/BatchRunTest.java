package io.augcon.llm.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.api.Scheduler;
import io.augcon.api.SftRecord;
import io.augcon.core.AugCon;
import io.augcon.core.llm.Resilience;
import io.augcon.core.llm.RetryPolicy;
import io.augcon.core.run.RunSummary;
import io.augcon.llm.TestCorpus;
import io.augcon.llm.batch.BatchJournal;
import io.augcon.llm.batch.BatchListener;
import io.augcon.llm.batch.BatchProgress;
import io.augcon.llm.batch.BatchStats;
import io.augcon.testkit.LoopbackOpenAiServer;
import io.augcon.testkit.ManualScheduler;
import io.augcon.testkit.ScriptedLlm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Whole runs through {@link OpenAiBatchBackend} against the loopback Batch API, whose lines are
 * answered by the same scripted handler as an online run's requests: the records equal the
 * online run's, every line's body is a request the online run sent, and the rounds follow the
 * trees' levels, not the calls. Polls run on virtual time; the quiet window on the real clock.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BatchRunTest {
    static final long SEED = 11;

    private static List<SftRecord> onlineRecords;
    private static RunSummary onlineSummary;
    private static List<String> onlineBodies;

    private final LoopbackOpenAiServer server = LoopbackOpenAiServer.builder().model("loopback")
            .handler(ScriptedLlm.immediate()).build().start();

    record Run(List<SftRecord> records, RunSummary summary, BatchStats stats, List<BatchProgress> steps) {}

    @BeforeAll
    static void onlineRun() throws Exception {
        try (LoopbackOpenAiServer online = LoopbackOpenAiServer.builder().model("loopback")
                .handler(ScriptedLlm.immediate()).build().start()) {
            AugCon augcon = AugCon.builder()
                    .llm(OpenAiChatBackend.builder().baseUrl(online.baseUrl()).model("loopback").build())
                    .concurrency(4)
                    .seed(SEED)
                    .scheduler(ManualScheduler.autoAdvancing())
                    .llmPolicy(p -> p.withResilience(Resilience.builder().requestTimeout(Resilience.NO_REQUEST_TIMEOUT).build()))
                    .build();
            List<SftRecord> records = Collections.synchronizedList(new ArrayList<>());
            onlineSummary = augcon.run(TestCorpus.DOCUMENTS.stream(), records::add);
            onlineRecords = List.copyOf(records);
            onlineBodies = online.requestBodies();
        }
        assertThat(onlineRecords).hasSizeGreaterThan(5);
    }

    @AfterEach
    void close() {
        server.close();
    }

    /** A batch run of the test corpus against {@code server}, with the run's retries and no request timeout. */
    static Run batchRun(LoopbackOpenAiServer server, BatchJournal journal) throws Exception {
        ManualScheduler time = ManualScheduler.autoAdvancing();
        List<BatchProgress> steps = Collections.synchronizedList(new ArrayList<>());
        BatchListener listener = steps::add;
        try (OpenAiBatchBackend llm = OpenAiBatchBackend.builder().baseUrl(server.baseUrl()).model("loopback")
                .scheduler(time).windowScheduler(Scheduler.system()).quietWindow(Duration.ofMillis(300))
                .journal(journal).listener(listener).build()) {
            AugCon augcon = AugCon.builder()
                    .llm(llm)
                    .concurrency(10_000)
                    .seed(SEED)
                    .scheduler(time)
                    .llmPolicy(p -> p.withResilience(Resilience.builder()
                            .retry(RetryPolicy.builder().maxAttempts(6).build())
                            .requestTimeout(Resilience.NO_REQUEST_TIMEOUT).adaptive(null).build()))
                    .build();
            List<SftRecord> records = Collections.synchronizedList(new ArrayList<>());
            RunSummary summary = augcon.run(TestCorpus.DOCUMENTS.stream(), records::add);
            return new Run(List.copyOf(records), summary, llm.stats(), List.copyOf(steps));
        }
    }

    @Test
    void aBatchRunWritesTheOnlineRunsRecordsFromLinesThatAreTheOnlineRequests() throws Exception {
        Run run = batchRun(server, BatchJournal.inMemory());

        assertThat(run.records()).isEqualTo(onlineRecords);
        assertThat(run.summary().totalLlmCalls()).isEqualTo(onlineSummary.totalLlmCalls());
        assertThat(server.batchLineBodies()).containsExactlyInAnyOrderElementsOf(onlineBodies);
        assertThat(server.requests()).as("nothing went to the online endpoint").isEmpty();
        assertThat(server.batchUploads()).isEqualTo(server.batchIds().size()).isEqualTo(run.stats().rounds());
        assertThat(run.stats().requestsPerRound()).isEqualTo(server.batchSizes());
    }

    @Test
    void roundsFollowTheTreeLevelsNotTheCalls() throws Exception {
        Run run = batchRun(server, BatchJournal.inMemory());

        int calls = (int) onlineSummary.totalLlmCalls();
        int rounds = run.stats().rounds();
        System.out.println("batch rounds " + rounds + " for " + calls + " calls; requests per round "
                + run.stats().requestsPerRound());
        assertThat(rounds).isLessThan(calls / 2);
        assertThat(run.stats().requestsPerRound().stream().mapToInt(Integer::intValue).sum()).isEqualTo(calls);
    }

    @Test
    void failedLinesAndAnExpiredBatchAreAskedAgainInLaterRounds() throws Exception {
        server.failNextBatchLines(3);
        server.expireNextBatches(1, 0.5);

        Run run = batchRun(server, BatchJournal.inMemory());

        assertThat(run.records()).isEqualTo(onlineRecords);
        int firstRound = run.stats().requestsPerRound().get(0);
        int unanswered = firstRound - (int) (firstRound * 0.5);
        assertThat(run.summary().llmFailures()).containsEntry("timeout", (long) unanswered)
                .containsEntry("http_status", 3L);
        assertThat(run.summary().resilience().retries()).containsEntry("timeout", (long) unanswered)
                .containsEntry("http_status", 3L);
    }

    @Test
    void aFailedBatchIsAskedAgainWhole() throws Exception {
        server.failNextBatches(1);

        Run run = batchRun(server, BatchJournal.inMemory());

        assertThat(run.records()).isEqualTo(onlineRecords);
        assertThat(server.batchStatus(server.batchIds().get(0))).isEqualTo("failed");
        assertThat(run.stats().requestsPerRound().get(1)).isEqualTo(run.stats().requestsPerRound().get(0));
    }

    @Test
    void aRateLimitedPollWaitsItsRetryAfter() throws Exception {
        server.failNextBatchPolls(2);

        Run run = batchRun(server, BatchJournal.inMemory());

        assertThat(run.records()).isEqualTo(onlineRecords);
        assertThat(run.summary().llmFailures()).isEmpty();
    }
}
