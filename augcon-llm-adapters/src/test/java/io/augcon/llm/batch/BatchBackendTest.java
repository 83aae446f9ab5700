package io.augcon.llm.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.testkit.ManualScheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The round-gathering core on virtual time, with an in-memory provider: when a round closes, how
 * its batch is polled, and how its results complete the requests.
 */
class BatchBackendTest {
    private final ManualScheduler time = new ManualScheduler();

    /** A provider in memory: every batch answers each line with "answer to " + its prompt, unless scripted otherwise. */
    private static class Memory extends BatchBackend {
        final List<List<String>> uploads = new ArrayList<>();
        final Deque<Object> polls = new ArrayDeque<>();
        final List<String> failedLines = new ArrayList<>();
        int statusCalls;

        Memory(BatchLimits limits, ManualScheduler time) {
            super(limits, time, time, BatchJournal.inMemory(), BatchListener.NONE);
        }

        @Override
        protected byte[] body(LlmRequest request) {
            return request.prompt().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        protected byte[] line(String customId, byte[] body) {
            return (customId + " " + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        protected CompletableFuture<String> upload(byte[] jsonl, int round) {
            uploads.add(new String(jsonl, StandardCharsets.UTF_8).lines().toList());
            return CompletableFuture.completedFuture("file-" + round);
        }

        @Override
        protected CompletableFuture<String> create(String fileId, int round) {
            return CompletableFuture.completedFuture("batch-" + round);
        }

        @Override
        protected CompletableFuture<BatchState> status(String batchId) {
            statusCalls++;
            Object next = polls.isEmpty() ? BatchPhase.COMPLETED : polls.poll();
            if (next instanceof LlmException e) {
                return CompletableFuture.failedFuture(e);
            }
            return CompletableFuture.completedFuture(new BatchState(batchId, (BatchPhase) next, "out", null));
        }

        @Override
        protected CompletableFuture<List<BatchAnswer>> results(BatchState ended) {
            int round = Integer.parseInt(ended.batchId().substring("batch-".length()));
            List<BatchAnswer> answers = new ArrayList<>();
            for (String line : uploads.get(round - 1)) {
                String id = line.substring(0, line.indexOf(' '));
                String prompt = line.substring(line.indexOf(' ') + 1);
                answers.add(failedLines.contains(prompt)
                        ? BatchAnswer.failed(id, LlmException.forStatus(500, "line failed"))
                        : BatchAnswer.answered(id, LlmResponse.of("answer to " + prompt)));
            }
            return CompletableFuture.completedFuture(answers);
        }

        @Override
        protected CompletableFuture<Void> cancel(String batchId) {
            return CompletableFuture.completedFuture(null);
        }
    }

    private static Duration last(List<Duration> delays) {
        return delays.get(delays.size() - 1);
    }

    private static LlmRequest ask(String prompt) {
        return LlmRequest.builder().prompt(prompt).build();
    }

    private static CompletableFuture<LlmResponse> future(java.util.concurrent.CompletionStage<LlmResponse> stage) {
        return stage.toCompletableFuture();
    }

    @Test
    void aRoundClosesAfterTheQuietWindowAndItsBatchIsPolledEveryIntervalPlusAtMostAFifth() {
        Memory batches = new Memory(BatchLimits.OPENAI, time);
        batches.polls.add(BatchPhase.VALIDATING);
        batches.polls.add(BatchPhase.IN_PROGRESS);
        CompletableFuture<LlmResponse> a = future(batches.complete(ask("a")));
        time.advance(Duration.ofMillis(1_500));
        CompletableFuture<LlmResponse> b = future(batches.complete(ask("b")));
        time.advance(Duration.ofMillis(1_999));
        assertThat(batches.uploads).as("the window restarts at each request").isEmpty();

        time.advance(Duration.ofMillis(1));
        assertThat(batches.uploads).hasSize(1).first().asList().hasSize(2);
        time.advance(Duration.ofSeconds(36 * 3));

        assertThat(batches.statusCalls).isEqualTo(3);
        List<Duration> polls = time.delays().subList(time.delays().size() - 3, time.delays().size());
        assertThat(polls).allSatisfy(d -> assertThat(d).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(36)));
        assertThat(a).isCompletedWithValue(LlmResponse.of("answer to a"));
        assertThat(b).isCompletedWithValue(LlmResponse.of("answer to b"));
        assertThat(batches.stats().requestsPerRound()).containsExactly(2);
    }

    @Test
    void theRequestCapClosesARoundAtOnce() {
        Memory batches = new Memory(BatchLimits.OPENAI.withMaxRequests(2), time);
        for (String prompt : List.of("a", "b", "c", "d", "e")) {
            batches.complete(ask(prompt));
        }
        assertThat(batches.uploads).extracting(List::size).containsExactly(2, 2);

        time.advance(Duration.ofSeconds(2));
        assertThat(batches.uploads).extracting(List::size).containsExactly(2, 2, 1);
    }

    @Test
    void theByteCapClosesARoundBeforeTheLineThatWouldPassIt() {
        // Each line is a 64-character id, a space and one character: 66 bytes and a line break.
        Memory batches = new Memory(BatchLimits.OPENAI.withMaxBytes(3 * 67), time);
        for (String prompt : List.of("a", "b", "c", "d")) {
            batches.complete(ask(prompt));
        }
        assertThat(batches.uploads).extracting(List::size).containsExactly(3);
    }

    @Test
    void aBatchIsPolledThroughHoursOfFailedPollsAndItsAnswersComeFromItNotASecondBatch() {
        Memory batches = new Memory(BatchLimits.OPENAI, time);
        for (int i = 0; i < 40; i++) {
            batches.polls.add(LlmException.forStatus(503, "the batches API is down"));
        }
        CompletableFuture<LlmResponse> a = future(batches.complete(ask("a")));
        time.advance(Duration.ofSeconds(2));
        while (batches.statusCalls <= 40 && !a.isDone()) {
            time.advance(last(time.delays()));
        }

        assertThat(time.nanoTime()).as("hours of failed polls").isGreaterThan(Duration.ofHours(3).toNanos());
        assertThat(a).isCompletedWithValue(LlmResponse.of("answer to a"));
        assertThat(batches.uploads).as("one batch: the failed polls did not ask again").hasSize(1);
    }

    @Test
    void aBatchThatCannotBePolledForItsWholeWindowFailsItsRequests() {
        Memory batches = new Memory(BatchLimits.OPENAI, time);
        for (int i = 0; i < 10_000; i++) {
            batches.polls.add(LlmException.forStatus(503, "the batches API is down"));
        }
        CompletableFuture<LlmResponse> a = future(batches.complete(ask("a")));
        time.advance(Duration.ofSeconds(2));
        while (!a.isDone() && batches.statusCalls < 10_000) {
            time.advance(last(time.delays()));
        }

        assertThat(a).isCompletedExceptionally();
        assertThat(time.nanoTime()).isGreaterThanOrEqualTo(Duration.ofHours(25).toNanos());
    }

    @Test
    void aRateLimitedPollWaitsItsRetryAfter() {
        Memory batches = new Memory(BatchLimits.OPENAI, time);
        batches.polls.add(LlmException.forStatus(429, "slow down", Duration.ofSeconds(100)));
        CompletableFuture<LlmResponse> a = future(batches.complete(ask("a")));
        time.advance(Duration.ofSeconds(2));
        time.advance(last(time.delays()));
        assertThat(batches.statusCalls).isEqualTo(1);
        assertThat(last(time.delays())).as("the wait after the 429").isEqualTo(Duration.ofSeconds(100));

        time.advance(Duration.ofMillis(99_999));
        assertThat(batches.statusCalls).isEqualTo(1);
        time.advance(Duration.ofMillis(1));
        assertThat(batches.statusCalls).isEqualTo(2);
        assertThat(a).isCompletedWithValue(LlmResponse.of("answer to a"));
    }

    @Test
    void identicalRequestsShareOneLineAndBothGetItsAnswer() {
        Memory batches = new Memory(BatchLimits.OPENAI, time);
        CompletableFuture<LlmResponse> first = future(batches.complete(ask("same")));
        CompletableFuture<LlmResponse> second = future(batches.complete(ask("same")));
        time.advance(Duration.ofSeconds(2 + 36));

        assertThat(batches.uploads).hasSize(1).first().asList().hasSize(1);
        assertThat(first).isCompletedWithValue(LlmResponse.of("answer to same"));
        assertThat(second).isCompletedWithValue(LlmResponse.of("answer to same"));
    }

    @Test
    void aFailedLineFailsOnlyItsRequestWithATransientFailure() {
        Memory batches = new Memory(BatchLimits.OPENAI, time);
        batches.failedLines.add("b");
        CompletableFuture<LlmResponse> a = future(batches.complete(ask("a")));
        CompletableFuture<LlmResponse> b = future(batches.complete(ask("b")));
        time.advance(Duration.ofSeconds(2 + 36));

        assertThat(a).isCompletedWithValue(LlmResponse.of("answer to a"));
        assertThat(b).isCompletedExceptionally();
        Throwable failure = b.handle((r, e) -> e).join();
        assertThat(StepRetries.isTransient(failure)).isTrue();
    }

    @Test
    void anExpiredBatchFailsItsUnansweredRequestsAsTimeouts() {
        Memory batches = new Memory(BatchLimits.OPENAI, time) {
            @Override
            protected CompletableFuture<List<BatchAnswer>> results(BatchState ended) {
                return CompletableFuture.completedFuture(List.of());
            }
        };
        batches.polls.add(BatchPhase.EXPIRED);
        CompletableFuture<LlmResponse> a = future(batches.complete(ask("a")));
        time.advance(Duration.ofSeconds(2 + 36));

        assertThat(LlmException.kindOf(a.handle((r, e) -> e).join())).isEqualTo(LlmException.Kind.TIMEOUT);
    }
}
