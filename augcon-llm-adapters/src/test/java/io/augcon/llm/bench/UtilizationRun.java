package io.augcon.llm.bench;

import io.augcon.api.TokenUsage;
import io.augcon.core.AugCon;
import io.augcon.core.run.RunSummary;
import io.augcon.llm.openai.OpenAiChatBackend;
import io.augcon.testkit.LoopbackOpenAiServer;
import io.augcon.testkit.ScriptedLlm;
import io.augcon.testkit.ServiceLog;
import io.augcon.testkit.ServiceSlots;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The README's throughput measurement: the whole pipeline, through the OpenAI chat backend, to a
 * loopback server that serves a fixed number of requests at once, each for a latency per request
 * plus one per output token, and queues the rest. Prints how busy the run kept the server (mean
 * requests in service / slots, leaving out the last 10% of requests), the wall time against the
 * ideal (total service time / slots), and calls and tokens per kept record. Not a test:
 *
 * <pre>mvn -B -Putilization -pl augcon-llm-adapters -am test -DskipTests -Dutilization.args="--slots 64 --latency-ms 200"</pre>
 *
 * Options (all optional): {@code --corpus DIR} (default the bundled samples), {@code --repeat N}
 * (copies of the corpus, written to a temp dir; default 1), {@code --slots N} (64),
 * {@code --latency-ms N} (200), {@code --per-token-ms X} (0), {@code --concurrency N} (as the
 * slots), {@code --roots-in-progress N} (the builder's default), {@code --seed N} (7).
 */
public final class UtilizationRun {
    private static final ObjectMapper JSON = new ObjectMapper();
    private UtilizationRun() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Path samples = Path.of(options.getOrDefault("corpus", "../augcon-examples/samples")).toAbsolutePath().normalize();
        int repeat = Integer.parseInt(options.getOrDefault("repeat", "1"));
        int slots = Integer.parseInt(options.getOrDefault("slots", "64"));
        long latencyMs = Long.parseLong(options.getOrDefault("latency-ms", "200"));
        double perTokenMs = Double.parseDouble(options.getOrDefault("per-token-ms", "0"));
        int concurrency = Integer.parseInt(options.getOrDefault("concurrency", Integer.toString(slots)));
        long seed = Long.parseLong(options.getOrDefault("seed", "7"));
        Path corpus = repeat == 1 ? samples : repeated(samples, repeat);
        System.out.printf(Locale.ROOT, "corpus %s x %d, slots %d, latency %d ms + %.2f ms per output token, concurrency %d%n",
                samples, repeat, slots, latencyMs, perTokenMs, concurrency);

        ServiceSlots server = ServiceSlots.builder().slots(slots).perRequest(Duration.ofMillis(latencyMs))
                .perOutputToken(Duration.ofNanos(Math.round(perTokenMs * 1_000_000))).build();
        RunSummary summary;
        long wallNanos;
        try (LoopbackOpenAiServer loopback = LoopbackOpenAiServer.builder().model("loopback")
                .handler(ScriptedLlm.immediate()).threads(4).serviceSlots(server).build().start()) {
            InFlightMeter meter = new InFlightMeter(OpenAiChatBackend.builder().baseUrl(loopback.baseUrl())
                    .model("loopback").timeout(Duration.ofMinutes(10)).build());
            var builder = AugCon.builder()
                    .llm(meter)
                    .concurrency(concurrency)
                    .seed(seed);
            if (options.containsKey("roots-in-progress")) {
                builder.execution(e -> e.withMaxRootsInProgress(Integer.parseInt(options.get("roots-in-progress"))));
            }
            AugCon augcon = builder.build();
            AtomicLong written = new AtomicLong();
            long cpu0 = processCpuNanos();
            long t0 = System.nanoTime();
            summary = augcon.run(corpus, record -> written.incrementAndGet());
            wallNanos = System.nanoTime() - t0;
            long cpu = processCpuNanos() - cpu0;
            System.out.printf(Locale.ROOT, "process CPU %.1f s over the run (client, loopback server and scripted model"
                    + " together): %.2f ms per request; load average at the end %.2f on %d cores%n", cpu / 1e9,
                    cpu / 1e6 / Math.max(1, server.log().requests()),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "most requests at the server at once %d; at the HTTP backend %.1f in flight on"
                    + " average, %.1f ms each as the client saw it%n", loopback.maxInFlight(), meter.meanInFlight(),
                    meter.meanLatencyMillis());
        }
        report(server.log(), summary, wallNanos);
        System.exit(0);
    }

    static void report(ServiceLog log, RunSummary summary, long wallNanos) {
        TokenUsage tokens = summary.totalTokens();
        double records = Math.max(1, summary.records());
        System.out.printf(Locale.ROOT, "requests served %d, records %d, roots %d%n", log.requests(), summary.records(),
                summary.roots());
        System.out.printf(Locale.ROOT, "utilization %.3f excluding the last 10%% of requests, %.3f over the whole run%n",
                log.utilization(0.1), log.utilization(0));
        System.out.printf(Locale.ROOT, "wall %.2f s (server busy span %.2f s), ideal %.2f s (total service %.1f s / %d slots),"
                        + " wall / ideal %.2f%n",
                wallNanos / 1e9, log.spanNanos() / 1e9, log.idealWallNanos() / 1e9, log.totalServiceNanos() / 1e9,
                log.slots(), (double) wallNanos / log.idealWallNanos());
        System.out.printf(Locale.ROOT, "mean wait for a slot %.1f ms%n", log.meanWaitNanos() / 1e6);
        System.out.printf(Locale.ROOT, "per kept record: %.2f calls, %.0f tokens in, %.0f tokens out%n",
                summary.totalLlmCalls() / records, tokens.inputTokens() / records, tokens.outputTokens() / records);
        System.out.println("in service per tenth of the run: " + profile(log, 10));
        summary.format().lines().forEach(line -> System.out.println("  " + line));
    }

    /** Mean requests in service in each of {@code parts} equal parts of the busy span. */
    static String profile(ServiceLog log, int parts) {
        if (log.requests() == 0) {
            return "-";
        }
        long from = log.intervals().stream().mapToLong(ServiceLog.Interval::arrival).min().orElse(0);
        long span = Math.max(1, log.spanNanos());
        double[] busy = new double[parts];
        for (ServiceLog.Interval i : log.intervals()) {
            for (int p = 0; p < parts; p++) {
                long a = from + span * p / parts;
                long b = from + span * (p + 1) / parts;
                busy[p] += Math.max(0, Math.min(i.end(), b) - Math.max(i.start(), a));
            }
        }
        StringBuilder text = new StringBuilder();
        for (int p = 0; p < parts; p++) {
            text.append(String.format(Locale.ROOT, "%.0f ", busy[p] / ((double) span / parts)));
        }
        return text.toString().strip();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** {@code copies} copies of every file under {@code samples}, in a fresh temp dir. */
    static Path repeated(Path samples, int copies) throws IOException {
        Path dir = Files.createTempDirectory("augcon-utilization-");
        dir.toFile().deleteOnExit();
        try (var files = Files.walk(samples)) {
            for (Path file : files.filter(Files::isRegularFile).filter(UtilizationRun::isCorpusFile).sorted().toList()) {
                String text = Files.readString(file);
                String relative = samples.relativize(file).toString().replace('/', '_');
                for (int c = 0; c < copies; c++) {
                    Path copy = dir.resolve(String.format(Locale.ROOT, "%05d-%s", c, relative));
                    Files.writeString(copy, relative.endsWith(".jsonl") ? withCopyIds(text, c) : text);
                    copy.toFile().deleteOnExit();
                }
            }
        }
        return dir;
    }

    /** The JSONL lines with {@code "id"} made unique to copy {@code c}, as a corpus of distinct documents has. */
    static String withCopyIds(String jsonl, int c) throws IOException {
        StringBuilder out = new StringBuilder();
        for (String line : jsonl.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            ObjectNode node = (ObjectNode) JSON.readTree(line);
            if (node.has("id")) {
                node.put("id", "copy" + c + "-" + node.get("id").asText());
            }
            out.append(JSON.writeValueAsString(node)).append('\n');
        }
        return out.toString();
    }

    private static boolean isCorpusFile(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".txt") || name.endsWith(".md") || name.endsWith(".jsonl");
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }
}
