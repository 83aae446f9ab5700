package io.augcon.llm.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.api.LlmResponse;
import io.augcon.api.Scheduler;
import io.augcon.api.SftRecord;
import io.augcon.core.AugCon;
import io.augcon.core.llm.AnswerStore;
import io.augcon.core.llm.CachingBackend;
import io.augcon.core.llm.Resilience;
import io.augcon.core.llm.RetryPolicy;
import io.augcon.llm.TestCorpus;
import io.augcon.llm.batch.BatchJournal;
import io.augcon.llm.batch.BatchProgress;
import io.augcon.llm.batch.BatchStats;
import io.augcon.testkit.LoopbackOpenAiServer;
import io.augcon.testkit.ManualScheduler;
import io.augcon.testkit.ScriptedLlm;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiPredicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A batch run stopped at each step of its third round, then run again with the same journal
 * (in the work dir), the same answer cache and the same provider: the rerun writes the
 * uninterrupted run's records, never uploads a request twice, never creates a second batch for
 * one upload, and polls the batch the first run created instead of paying for it again.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BatchCrashResumeTest {
    private static final int STOP_ROUND = 3;

    private static List<SftRecord> uninterrupted;

    @TempDir
    Path workDir;

    private final LoopbackOpenAiServer server = LoopbackOpenAiServer.builder().model("loopback")
            .handler(ScriptedLlm.immediate()).build().start();
    private final MapStore answers = new MapStore();

    @BeforeAll
    static void uninterruptedRun() throws Exception {
        try (LoopbackOpenAiServer clean = LoopbackOpenAiServer.builder().model("loopback")
                .handler(ScriptedLlm.immediate()).build().start()) {
            uninterrupted = BatchRunTest.batchRun(clean, BatchJournal.inMemory()).records();
        }
    }

    @AfterEach
    void close() {
        server.close();
    }

    /** Stops the backend on {@code stop}'s step of round {@link #STOP_ROUND}. */
    @ParameterizedTest
    @EnumSource(value = BatchProgress.Step.class, names = {"PLANNED", "UPLOADED", "CREATED", "POLLED"})
    void aRunStoppedAtAStepOfARoundIsResumedWithoutPayingTwice(BatchProgress.Step stop) throws Exception {
        run((backend, step) -> step.step() == stop && step.round() == STOP_ROUND, UnaryOperator.identity());
        int batchesBefore = server.batchIds().size();
        assertThat(batchesBefore).isEqualTo(stop.compareTo(BatchProgress.Step.CREATED) >= 0 ? STOP_ROUND : STOP_ROUND - 1);

        Second second = rerun();

        assertThat(second.records()).isEqualTo(uninterrupted);
        noRequestUploadedTwice();
        assertThat(server.batchUploads()).as("one batch per upload").isEqualTo(server.batchIds().size());
        if (stop.compareTo(BatchProgress.Step.CREATED) >= 0) {
            assertThat(second.stats().resumedRounds()).isEqualTo(1);
            assertThat(second.polledBatches()).contains(server.batchIds().get(STOP_ROUND - 1));
        }
    }

    /** The narrowest gap: the provider created the batch, and the run died before recording its id. */
    @Test
    void aBatchCreatedButNotRecordedIsFoundByItsFileInsteadOfCreatedAgain() throws Exception {
        AtomicReference<OpenAiBatchBackend> backend = new AtomicReference<>();
        run((b, step) -> false, journal -> new ForwardingJournal(journal) {
            @Override
            public void created(int round, String batchId) throws IOException {
                if (round == STOP_ROUND) {
                    backend.get().close();
                    throw new IOException("killed before the batch id was written");
                }
                super.created(round, batchId);
            }
        }, backend);
        assertThat(server.batchIds()).hasSize(STOP_ROUND);

        Second second = rerun();

        assertThat(second.records()).isEqualTo(uninterrupted);
        noRequestUploadedTwice();
        assertThat(server.batchUploads()).isEqualTo(server.batchIds().size());
        assertThat(second.polledBatches()).contains(server.batchIds().get(STOP_ROUND - 1));
    }

    private void noRequestUploadedTwice() {
        List<String> bodies = server.batchLineBodies();
        assertThat(new HashSet<>(bodies)).as("distinct lines").hasSize(bodies.size());
    }

    record Second(List<SftRecord> records, BatchStats stats, List<String> polledBatches) {}

    private void run(BiPredicate<OpenAiBatchBackend, BatchProgress> stopAt, UnaryOperator<BatchJournal> journal)
            throws Exception {
        run(stopAt, journal, new AtomicReference<>());
    }

    /** The first run: stopped when {@code stopAt} says so, as a crash would stop it. */
    private void run(BiPredicate<OpenAiBatchBackend, BatchProgress> stopAt, UnaryOperator<BatchJournal> journal,
            AtomicReference<OpenAiBatchBackend> backend) throws Exception {
        ManualScheduler time = ManualScheduler.autoAdvancing();
        OpenAiBatchBackend llm = builder(time).journal(journal.apply(BatchJournal.inDirectory(workDir)))
                .listener(step -> {
                    if (stopAt.test(backend.get(), step)) {
                        closeQuietly(backend.get());
                    }
                }).build();
        backend.set(llm);
        try {
            augcon(llm, time).run(TestCorpus.DOCUMENTS.stream(), record -> { });
        } catch (RuntimeException stopped) {
            // The stopped backend fails what was waiting: the run ends as a killed one would, unfinished.
        } finally {
            llm.close();
        }
    }

    private Second rerun() throws Exception {
        ManualScheduler time = ManualScheduler.autoAdvancing();
        List<String> polled = Collections.synchronizedList(new ArrayList<>());
        try (OpenAiBatchBackend llm = builder(time).journal(BatchJournal.inDirectory(workDir))
                .listener(step -> {
                    if (step.step() == BatchProgress.Step.POLLED) {
                        polled.add(step.batchId());
                    }
                }).build()) {
            List<SftRecord> records = Collections.synchronizedList(new ArrayList<>());
            augcon(llm, time).run(TestCorpus.DOCUMENTS.stream(), records::add);
            return new Second(List.copyOf(records), llm.stats(), List.copyOf(polled));
        }
    }

    private OpenAiBatchBackend.Builder builder(Scheduler time) {
        return OpenAiBatchBackend.builder().baseUrl(server.baseUrl()).model("loopback").scheduler(time)
                .windowScheduler(Scheduler.system()).quietWindow(Duration.ofMillis(300));
    }

    private AugCon augcon(OpenAiBatchBackend llm, Scheduler time) {
        return AugCon.builder().llm(llm).concurrency(10_000).seed(BatchRunTest.SEED).scheduler(time)
                .decorate(inner -> new CachingBackend(inner, answers))
                .llmPolicy(p -> p.withResilience(Resilience.builder().retry(RetryPolicy.builder().maxAttempts(6).build())
                        .requestTimeout(Resilience.NO_REQUEST_TIMEOUT).adaptive(null).build()))
                .build();
    }

    private static void closeQuietly(OpenAiBatchBackend backend) {
        try {
            backend.close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The answer cache both runs share, as the work dir's SQLite cache is shared. */
    static final class MapStore implements AnswerStore {
        private final Map<String, LlmResponse> answers = new ConcurrentHashMap<>();

        @Override
        public LlmResponse get(String key) {
            return answers.get(key);
        }

        @Override
        public void put(String key, LlmResponse answer) {
            answers.put(key, answer);
        }

        @Override
        public int size() {
            return answers.size();
        }

        @Override
        public void close() {
        }
    }

    /** A journal that passes every record on, for a test to stop one. */
    static class ForwardingJournal implements BatchJournal {
        private final BatchJournal delegate;

        ForwardingJournal(BatchJournal delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<OpenRound> openRounds() {
            return delegate.openRounds();
        }

        @Override
        public int lastRound() {
            return delegate.lastRound();
        }

        @Override
        public void planned(int round, List<String> keys) throws IOException {
            delegate.planned(round, keys);
        }

        @Override
        public void uploaded(int round, String fileId) throws IOException {
            delegate.uploaded(round, fileId);
        }

        @Override
        public void created(int round, String batchId) throws IOException {
            delegate.created(round, batchId);
        }

        @Override
        public void ended(int round, String how) throws IOException {
            delegate.ended(round, how);
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }
}
