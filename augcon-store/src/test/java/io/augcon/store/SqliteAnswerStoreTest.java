package io.augcon.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.api.FinishReason;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.TokenUsage;
import io.augcon.core.llm.CachingBackend;
import io.augcon.testkit.ScriptedLlm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteAnswerStoreTest {
    @TempDir
    Path dir;

    private static LlmResponse answer(int i) {
        return new LlmResponse("answer " + i + " with ünïcode 中文", i % 2 == 0 ? FinishReason.STOP : FinishReason.UNKNOWN,
                new TokenUsage(10 + i, 20 + i), "model-" + i);
    }

    @Test
    void anAnswerComesBackWithItsTextFinishReasonUsageAndModel() throws Exception {
        try (SqliteAnswerStore store = SqliteAnswerStore.open(dir.resolve("augcon.db"))) {
            store.put("k1", answer(1));
            store.put("k2", answer(2));
            assertThat(store.get("k1")).isEqualTo(answer(1));
            assertThat(store.get("k2")).isEqualTo(answer(2));
            assertThat(store.get("k3")).isNull();
            assertThat(store.size()).isEqualTo(2);
        }
    }

    @Test
    void theFirstAnswerUnderAKeyWins() throws Exception {
        try (SqliteAnswerStore store = SqliteAnswerStore.open(dir.resolve("augcon.db"))) {
            store.put("k", answer(1));
            store.put("k", answer(2));
            assertThat(store.get("k")).isEqualTo(answer(1));
            assertThat(store.size()).isEqualTo(1);
        }
    }

    @Test
    void answersSurviveClosingAndReopening() throws Exception {
        Path file = dir.resolve("work/augcon.db");
        try (SqliteAnswerStore store = SqliteAnswerStore.open(file)) {
            for (int i = 0; i < 50; i++) {
                store.put("k" + i, answer(i));
            }
        }
        try (SqliteAnswerStore store = SqliteAnswerStore.open(file)) {
            assertThat(store.size()).isEqualTo(50);
            assertThat(store.get("k37")).isEqualTo(answer(37));
        }
    }

    @Test
    void answersPutWhileTheConnectionIsBusyShareOneCommit() throws Exception {
        int threads = 8;
        try (SqliteAnswerStore store = SqliteAnswerStore.open(dir.resolve("augcon.db"))) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                // Holding the store's connection stands in for a commit being written: every put
                // queues its answer and waits.
                synchronized (store) {
                    for (int t = 0; t < threads; t++) {
                        int n = t;
                        done.add(pool.submit(() -> store.put("k" + n, answer(n))));
                    }
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (store.waitingCount() < threads && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                    assertThat(store.waitingCount()).isEqualTo(threads);
                }
                for (Future<?> f : done) {
                    f.get(30, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(store.commits()).isEqualTo(1);
            assertThat(store.size()).isEqualTo(threads);
        }
    }

    @Test
    void aPutHandsItsAnswerOverAtOnceAndLookupsNeverWaitForACommit() throws Exception {
        try (SqliteAnswerStore store = SqliteAnswerStore.open(dir.resolve("augcon.db"))) {
            store.put("k0", answer(0));
            ExecutorService other = Executors.newSingleThreadExecutor();
            try {
                CompletableFuture<Void> stored;
                // Holding the store's connection stands in for a commit being written.
                synchronized (store) {
                    stored = store.putAsync("k1", answer(1)).toCompletableFuture();
                    assertThat(stored).isNotDone();
                    Future<List<LlmResponse>> looked = other.submit(() -> Arrays.asList(store.get("k0"), store.get("k1"), store.get("k2")));
                    assertThat(looked.get(30, TimeUnit.SECONDS)).containsExactly(answer(0), answer(1), null);
                    assertThat(stored).isNotDone();
                }
                stored.get(30, TimeUnit.SECONDS);
            } finally {
                other.shutdownNow();
            }
            assertThat(store.waitingCount()).isZero();
        }
        try (SqliteAnswerStore store = SqliteAnswerStore.open(dir.resolve("augcon.db"))) {
            assertThat(store.get("k1")).isEqualTo(answer(1));
        }
    }

    @Test
    void closingWaitsForTheAnswersAlreadyPut() throws Exception {
        Path file = dir.resolve("augcon.db");
        List<CompletableFuture<Void>> puts = new ArrayList<>();
        try (SqliteAnswerStore store = SqliteAnswerStore.open(file)) {
            for (int n = 0; n < 200; n++) {
                puts.add(store.putAsync("k" + n, answer(n)).toCompletableFuture());
            }
        }
        assertThat(puts).allMatch(p -> p.isDone() && !p.isCompletedExceptionally());
        try (SqliteAnswerStore store = SqliteAnswerStore.open(file)) {
            assertThat(store.size()).isEqualTo(200);
        }
    }

    @Test
    void concurrentPutsAndGetsLoseNothing() throws Exception {
        int threads = 8;
        int each = 200;
        try (SqliteAnswerStore store = SqliteAnswerStore.open(dir.resolve("augcon.db"))) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Integer>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> {
                        int seen = 0;
                        for (int i = 0; i < each; i++) {
                            int n = thread * each + i;
                            store.put("k" + n, answer(n));
                            seen += store.get("k" + n) != null ? 1 : 0;
                        }
                        return seen;
                    }));
                }
                for (Future<Integer> f : done) {
                    assertThat(f.get()).isEqualTo(each);
                }
            } finally {
                pool.shutdown();
            }
            assertThat(store.size()).isEqualTo(threads * each);
            for (int n = 0; n < threads * each; n += 97) {
                assertThat(store.get("k" + n)).isEqualTo(answer(n));
            }
        }
    }

    @Test
    void aCachingBackendOverTheStoreReplaysARerunWithoutAsking() throws Exception {
        Path file = dir.resolve("augcon.db");
        LlmRequest request = LlmRequest.builder().prompt("What is a context split tree?").seed(7L).build();
        ScriptedLlm llm = ScriptedLlm.immediate();
        String first;
        try (SqliteAnswerStore store = SqliteAnswerStore.open(file)) {
            first = new CachingBackend(llm, store).complete(request).toCompletableFuture().join().text();
        }
        int asked = llm.requests().size();
        try (SqliteAnswerStore store = SqliteAnswerStore.open(file)) {
            CachingBackend again = new CachingBackend(llm, store);
            assertThat(again.complete(request).toCompletableFuture().join().text()).isEqualTo(first);
            assertThat(again.hits()).isEqualTo(1);
        }
        assertThat(llm.requests().size()).isEqualTo(asked);
    }
}
