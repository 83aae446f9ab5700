package io.augcon.core.bench;

import io.augcon.api.LlmBackend;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.core.AugCon;
import io.augcon.core.output.JsonlRecordWriter;
import io.augcon.core.output.RecordFormat;
import io.augcon.core.run.RunSummary;
import io.augcon.testkit.ScriptedAnswers;
import java.io.IOException;
import java.io.Writer;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;

/**
 * The README's memory run: the bundled samples repeated into a corpus of the asked size (written
 * to a temp dir and deleted after), the whole pipeline with an in-process scripted model that
 * answers at once, records serialised as JSONL and discarded. Prints records/s and the heap: the
 * most used at any poll, and the most still live after a collection (the number that would grow
 * if the run kept something per root). Not a test:
 *
 * <pre>mvn -B -Pmemory -pl augcon-core -am test -DskipTests -Dmemory.mb=4</pre>
 */
public final class MemoryRun {
    private MemoryRun() {}

    public static void main(String[] args) throws Exception {
        double megabytes = Double.parseDouble(args.length > 0 ? args[0] : "4");
        Path samples = Path.of(args.length > 1 ? args[1] : "../augcon-examples/samples").toAbsolutePath().normalize();
        Path corpus = Files.createTempDirectory("augcon-memory-");
        try {
            long bytes = CorpusCopies.write(samples, corpus, (long) (megabytes * 1024 * 1024));
            System.out.printf(Locale.ROOT, "corpus %.1f MB (%s repeated) in %s; max heap %d MB%n", bytes / 1048576.0,
                    samples, corpus, Runtime.getRuntime().maxMemory() / 1048576);
            run(corpus);
        } finally {
            try (Stream<Path> files = Files.walk(corpus)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        System.exit(0);
    }

    private static void run(Path corpus) throws Exception {
        LlmBackend scripted = new LlmBackend() {
            @Override
            public CompletionStage<LlmResponse> complete(LlmRequest request) {
                return CompletableFuture.completedFuture(ScriptedAnswers.answer(request));
            }
        };
        HeapWatch heap = new HeapWatch();
        AugCon augcon = AugCon.builder().llm(scripted).concurrency(64).seed(7).build();
        CountingWriter out = new CountingWriter();
        Thread poller = heap.startPolling();
        long t0 = System.nanoTime();
        RunSummary summary;
        try (JsonlRecordWriter sink = new JsonlRecordWriter(out, RecordFormat.AUGCON)) {
            summary = augcon.run(corpus, sink);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        poller.interrupt();
        System.out.printf(Locale.ROOT, "documents %d, roots %d, LLM calls %d, records %d (%.1f MB of JSONL) in %.1f s:"
                        + " %.0f records/s, %.0f calls/s%n", summary.documents(), summary.roots(), summary.totalLlmCalls(),
                summary.records(), out.chars / 1048576.0, seconds, summary.records() / seconds,
                summary.totalLlmCalls() / seconds);
        System.out.println(heap.report());
    }

    /**
     * Heap use: the most used at a poll (garbage included), and the most in use right after a
     * collection (from the JVM's GC notifications), which is what would grow if the run kept
     * something per root.
     */
    static final class HeapWatch {
        private final List<MemoryPoolMXBean> pools = new ArrayList<>();
        private long peakUsed;
        private long peakAfterGc;
        private long collections;
        private final List<String> timeline = new ArrayList<>();

        HeapWatch() {
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    pools.add(pool);
                }
            }
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                                (CompositeData) notification.getUserData());
                        long after = info.getGcInfo().getMemoryUsageAfterGc().values().stream()
                                .mapToLong(MemoryUsage::getUsed).sum();
                        afterGc(after);
                    }
                }, null, null);
            }
        }

        private synchronized void afterGc(long used) {
            collections++;
            peakAfterGc = Math.max(peakAfterGc, used);
        }

        synchronized void poll() {
            long used = 0;
            for (MemoryPoolMXBean pool : pools) {
                used += pool.getUsage().getUsed();
            }
            peakUsed = Math.max(peakUsed, used);
        }

        Thread startPolling() {
            long start = System.nanoTime();
            Thread t = new Thread(() -> {
                try {
                    for (int tick = 1; ; tick++) {
                        Thread.sleep(100);
                        poll();
                        if (tick % 100 == 0) {
                            synchronized (this) {
                                timeline.add(String.format(Locale.ROOT, "%.0fs:%dMB", (System.nanoTime() - start) / 1e9,
                                        peakAfterGc / 1048576));
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "heap-poll");
            t.setDaemon(true);
            t.start();
            return t;
        }

        synchronized String report() {
            poll();
            return String.format(Locale.ROOT, "heap: peak used %d MB (garbage included), peak in use after a collection"
                    + " %d MB over %d collections; that peak so far, every 10 s: %s", peakUsed / 1048576,
                    peakAfterGc / 1048576, collections, timeline);
        }
    }

    /** Counts what is written and keeps nothing. */
    static final class CountingWriter extends Writer {
        long chars;

        @Override
        public void write(char[] buffer, int offset, int length) {
            chars += length;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    /** Copies of the sample corpus, each document with its own id, up to a size. */
    static final class CorpusCopies {
        private CorpusCopies() {}

        static long write(Path samples, Path dir, long targetBytes) throws IOException {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(samples)) {
                files = walk.filter(Files::isRegularFile).filter(CorpusCopies::isCorpusFile).sorted().toList();
            }
            long written = 0;
            for (int copy = 0; written < targetBytes; copy++) {
                for (Path file : files) {
                    String relative = samples.relativize(file).toString().replace('/', '_');
                    String text = Files.readString(file);
                    if (relative.endsWith(".jsonl")) {
                        text = text.replace("\"id\": \"", "\"id\": \"copy" + copy + "-").replace("\"id\":\"", "\"id\":\"copy" + copy + "-");
                    }
                    Path target = dir.resolve(String.format(Locale.ROOT, "%06d-%s", copy, relative));
                    Files.writeString(target, text);
                    written += text.getBytes(StandardCharsets.UTF_8).length;
                }
            }
            return written;
        }

        private static boolean isCorpusFile(Path file) {
            String name = file.getFileName().toString();
            return name.endsWith(".txt") || name.endsWith(".md") || name.endsWith(".jsonl");
        }
    }
}
