package io.augcon.llm.bench;

import io.augcon.api.LlmBackend;
import io.augcon.core.AugCon;
import io.augcon.core.AugConBuilder;
import io.augcon.core.llm.Resilience;
import io.augcon.core.run.RunSummary;
import io.augcon.llm.batch.BatchLimits;
import io.augcon.llm.batch.BatchStats;
import io.augcon.llm.openai.OpenAiBatchBackend;
import io.augcon.llm.openai.OpenAiChatBackend;
import io.augcon.testkit.LoopbackOpenAiServer;
import io.augcon.testkit.ScriptedLlm;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The README's batch measurement: the whole pipeline through {@link OpenAiBatchBackend} against
 * the loopback Batch API, whose batches take a processing delay; prints the rounds, the requests
 * per round, the run's wall time and the live heap at its peak (sampled after a full GC every
 * half second, with {@code --heap}) over the heap before the run, per root; the loopback server
 * in the same JVM keeps every batch file, so the heap counts them too. {@code --online} runs the same corpus
 * through {@link OpenAiChatBackend} instead, with the delay as each request's latency. Not a test:
 *
 * <pre>mvn -B -Pbatch-rounds -pl augcon-llm-adapters -am test -DskipTests -Dbatch.args="--repeat 4 --delay-ms 1000"</pre>
 *
 * Options: {@code --repeat N} (copies of the bundled samples, 1), {@code --delay-ms N} (1000),
 * {@code --poll-ms N} (200), {@code --quiet-ms N} (300), {@code --roots-in-progress N} (all the
 * corpus's roots), {@code --max-requests N} (50,000), {@code --online}, {@code --heap}, {@code --seed N} (7).
 */
public final class BatchRoundsRun {
    private BatchRoundsRun() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i].substring(2);
            options.put(name, name.equals("online") || name.equals("heap") ? "true" : args[++i]);
        }
        Path samples = Path.of("../augcon-examples/samples").toAbsolutePath().normalize();
        int repeat = Integer.parseInt(options.getOrDefault("repeat", "1"));
        long delayMs = Long.parseLong(options.getOrDefault("delay-ms", "1000"));
        boolean online = options.containsKey("online");
        Path corpus = repeat == 1 ? samples : UtilizationRun.repeated(samples, repeat);

        try {
            run(options, corpus, repeat, delayMs, online);
        } finally {
            System.exit(0);
        }
    }

    private static void run(Map<String, String> options, Path corpus, int repeat, long delayMs, boolean online)
            throws Exception {
        try (LoopbackOpenAiServer server = LoopbackOpenAiServer.builder().model("loopback")
                .handler(ScriptedLlm.immediate()).threads(4).build().start()) {
            server.batchProcessingDelay(Duration.ofMillis(delayMs));
            LlmBackend llm;
            OpenAiBatchBackend batch = null;
            AugConBuilder builder = AugCon.builder().seed(Long.parseLong(options.getOrDefault("seed", "7")));
            if (online) {
                server.latency(Duration.ofMillis(delayMs));
                llm = OpenAiChatBackend.builder().baseUrl(server.baseUrl()).model("loopback").build();
                builder.concurrency(64);
            } else {
                batch = OpenAiBatchBackend.builder().baseUrl(server.baseUrl()).model("loopback")
                        .limits(BatchLimits.OPENAI.withMaxRequests(Integer.parseInt(options.getOrDefault("max-requests", "50000")))
                                .withPollInterval(Duration.ofMillis(Long.parseLong(options.getOrDefault("poll-ms", "200"))))
                                .withQuietWindow(Duration.ofMillis(Long.parseLong(options.getOrDefault("quiet-ms", "300")))))
                        .build();
                llm = batch;
                int roots = Integer.parseInt(options.getOrDefault("roots-in-progress", "1000000"));
                builder.concurrency(batch.limits().maxRequests()).execution(e -> e.withMaxRootsInProgress(roots))
                        .llmPolicy(p -> p.withResilience(Resilience.builder().requestTimeout(Resilience.NO_REQUEST_TIMEOUT)
                                .adaptive(null).build()));
            }
            AugCon augcon = builder.llm(llm).build();
            long baseline = liveHeap();
            HeapPeak peak = new HeapPeak();
            boolean heap = options.containsKey("heap");
            if (heap) {
                peak.start();
            }
            long t0 = System.nanoTime();
            AtomicLong records = new AtomicLong();
            RunSummary summary = augcon.run(corpus, r -> records.incrementAndGet());
            long wall = System.nanoTime() - t0;
            peak.interrupt();
            peak.join();
            System.out.printf(Locale.ROOT, "%s, samples x %d: %d roots, %d calls, %d records, wall %.1f s, delay %d ms%n",
                    online ? "online (concurrency 64)" : "batch", repeat, summary.roots(), summary.totalLlmCalls(),
                    summary.records(), wall / 1e9, delayMs);
            if (batch != null) {
                BatchStats stats = batch.stats();
                System.out.printf(Locale.ROOT, "rounds %d, requests per round %s, waited %.1f s in all%n", stats.rounds(),
                        stats.requestsPerRound(), stats.totalWait().toMillis() / 1e3);
                batch.close();
                java.util.IntSummaryStatistics lines = server.batchLineBodies().stream()
                        .mapToInt(b -> b.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).summaryStatistics();
                System.out.printf(Locale.ROOT, "line bodies: %.0f bytes on average, %d at most%n", lines.getAverage(),
                        lines.getMax());
            }
            long held = peak.max - baseline;
            if (!heap) {
                return;
            }
            System.out.printf(Locale.ROOT, "live heap: %.1f MB before, peak %.1f MB during the run: %.1f KB per root,"
                    + " %.0f roots per GB%n", baseline / 1e6, peak.max / 1e6, held / 1e3 / summary.roots(),
                    summary.roots() / (held / (double) (1L << 30)));
        }
    }

    private static long liveHeap() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The live heap's highest value, sampled after a full GC every half second. */
    private static final class HeapPeak extends Thread {
        volatile long max;

        HeapPeak() {
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!isInterrupted()) {
                max = Math.max(max, liveHeap());
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
