package io.augcon.store.bench;

import io.augcon.api.FinishReason;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.TokenUsage;
import io.augcon.core.llm.RequestKey;
import io.augcon.store.SqliteAnswerStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Puts and gets per second of the SQLite answer store in WAL mode on the local disk: each put a
 * new key (a SHA-256 request key) with a 1 kB answer, committed on its own. Not run by {@code mvn
 * verify}; run with {@code mvn -B -Pbench-store -pl augcon-store -am test -DskipTests}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 1, jvmArgs = "-Xmx512m")
public class SqliteAnswerStoreBench {
    private static final LlmResponse ANSWER = new LlmResponse("x".repeat(1024), FinishReason.STOP, new TokenUsage(400, 250), "bench");
    private static final int PRELOADED = 10_000;

    private final AtomicLong next = new AtomicLong();
    private Path dir;
    private SqliteAnswerStore store;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("augcon-store-bench");
        store = SqliteAnswerStore.open(dir.resolve("augcon.db"));
        for (int i = 0; i < PRELOADED; i++) {
            store.put(key(i), ANSWER);
        }
        next.set(PRELOADED);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String key(long n) {
        return RequestKey.of("bench", LlmRequest.builder().prompt("request " + n).build());
    }

    @Benchmark
    @Threads(1)
    public void putOneThread() {
        store.put(key(next.getAndIncrement()), ANSWER);
    }

    @Benchmark
    @Threads(4)
    public void putFourThreads() {
        store.put(key(next.getAndIncrement()), ANSWER);
    }

    @Benchmark
    @Threads(1)
    public LlmResponse getHit() {
        return store.get(key(next.getAndIncrement() % PRELOADED));
    }
}
