package io.augcon.llm.bench;

import io.augcon.api.TokenUsage;
import io.augcon.core.AugCon;
import io.augcon.core.llm.CachingBackend;
import io.augcon.core.output.RecordFormat;
import io.augcon.core.output.RecordSink;
import io.augcon.core.output.ResumableJsonlWriter;
import io.augcon.core.run.RunSummary;
import io.augcon.store.RunJournal;
import io.augcon.store.RunStatus;
import io.augcon.store.SqliteAnswerStore;
import io.augcon.llm.http.HttpTransport;
import io.augcon.llm.openai.OpenAiChatBackend;
import io.augcon.testkit.BenchArgs;
import io.augcon.testkit.LoopbackOpenAiServer;
import io.augcon.testkit.ScriptedLlm;
import io.augcon.testkit.ServiceLog;
import io.augcon.testkit.ServiceSlots;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * slots), {@code --roots-in-progress N} (the builder's default), {@code --seed N} (7),
 * {@code --server-jvm same|separate} (same: the server in this JVM; separate: in a child JVM, so
 * the process CPU printed is the client's alone), {@code --work-dir DIR} (cache the answers and
 * journal the records in {@code DIR/augcon.db}, records to {@code DIR/records.jsonl}, as the
 * CLI's {@code --work-dir} does; both are started over), {@code --transport okhttp|jdk|apache_async}
 * (the backend's {@link HttpTransport}; default the backend's default), {@code --server-cpus
 * LIST} (with a separate server JVM: pin it to those CPUs with {@code taskset -c LIST}, e.g.
 * {@code 1}, and start this JVM under {@code taskset} too to keep the two apart).
 */
public final class UtilizationRun {
    private static final ObjectMapper JSON = new ObjectMapper();
    private UtilizationRun() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchArgs.pairs(args);
        Path samples = Path.of(options.getOrDefault("corpus", "../augcon-examples/samples")).toAbsolutePath().normalize();
        int repeat = Integer.parseInt(options.getOrDefault("repeat", "1"));
        int slots = Integer.parseInt(options.getOrDefault("slots", "64"));
        long latencyMs = Long.parseLong(options.getOrDefault("latency-ms", "200"));
        double perTokenMs = Double.parseDouble(options.getOrDefault("per-token-ms", "0"));
        int concurrency = Integer.parseInt(options.getOrDefault("concurrency", Integer.toString(slots)));
        long seed = Long.parseLong(options.getOrDefault("seed", "7"));
        Path corpus = repeat == 1 ? samples : repeated(samples, repeat);
        HttpTransport transport = transport(options);
        System.out.printf(Locale.ROOT, "corpus %s x %d, slots %d, latency %d ms + %.2f ms per output token, concurrency %d, transport %s%n",
                samples, repeat, slots, latencyMs, perTokenMs, concurrency, transport);

        boolean separate = "separate".equals(options.getOrDefault("server-jvm", "same"));
        ServiceSlots server = ServiceSlots.builder().slots(slots).perRequest(Duration.ofMillis(latencyMs))
                .perOutputToken(Duration.ofNanos(Math.round(perTokenMs * 1_000_000))).build();
        try (ServerHandle handle = separate ? ServerHandle.child(slots, latencyMs, perTokenMs, options.get("server-cpus")) : ServerHandle.inProcess(server)) {
            InFlightMeter meter = new InFlightMeter(OpenAiChatBackend.builder().baseUrl(handle.baseUrl())
                    .model("loopback").timeout(Duration.ofMinutes(10)).transport(transport).build());
            var builder = AugCon.builder()
                    .llm(meter)
                    .concurrency(concurrency)
                    .seed(seed);
            WorkFiles work = options.containsKey("work-dir") ? WorkFiles.open(Path.of(options.get("work-dir"))) : null;
            if (work != null) {
                builder.decorate(llm -> new CachingBackend(llm, work.answers()));
            }
            if (options.containsKey("roots-in-progress")) {
                builder.execution(e -> e.withMaxRootsInProgress(Integer.parseInt(options.get("roots-in-progress"))));
            }
            AugCon augcon = builder.build();
            AtomicLong written = new AtomicLong();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpu0 = processCpuNanos();
            long started0 = threads.getTotalStartedThreadCount();
            threads.resetPeakThreadCount();
            long t0 = System.nanoTime();
            RunSummary summary;
            if (work == null) {
                summary = augcon.run(corpus, record -> written.incrementAndGet());
            } else {
                try (work; RecordSink out = work.output()) {
                    summary = augcon.run(corpus, out);
                }
            }
            long wallNanos = System.nanoTime() - t0;
            long cpu = processCpuNanos() - cpu0;
            long started = threads.getTotalStartedThreadCount() - started0;
            System.out.printf(Locale.ROOT, "process CPU %.2f s over the run (%s): %.2f ms per request;"
                    + " %.1f s before it (JVM start-up, building the pipeline%s); load average at the end %.2f on %d cores%n",
                    cpu / 1e9, separate ? "the client alone" : "client, loopback server and scripted model together",
                    cpu / 1e6 / Math.max(1, meter.calls()), cpu0 / 1e9, separate ? "" : ", the server",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "threads started during the run %d for %d HTTP calls; most alive at once %d%n",
                    started, meter.calls(), threads.getPeakThreadCount());
            System.out.println("CPU by live thread group (Linux /proc; the rest went to threads that ended): "
                    + ThreadCpu.byGroup(cpu0 + cpu));
            System.out.printf(Locale.ROOT, "at the HTTP backend %.1f in flight on average, %.1f ms each as the client saw it%n",
                    meter.meanInFlight(), meter.meanLatencyMillis());
            reportClient(summary, wallNanos);
            if (!separate) {
                System.out.printf(Locale.ROOT, "most requests at the server at once %d%n", handle.maxInFlight());
                reportServer(server.log());
            }
        }
        System.exit(0);
    }

    /** The {@code --transport} option of the benchmarks, in any case; {@link HttpTransport#APACHE_ASYNC}, the default, without one. */
    static HttpTransport transport(Map<String, String> options) {
        return HttpTransport.valueOf(options.getOrDefault("transport", "apache_async").toUpperCase(Locale.ROOT));
    }

    /** A work directory as the CLI keeps one: answers cached and records journaled in one SQLite file. */
    private record WorkFiles(Path dir, SqliteAnswerStore answers, RunJournal journal) implements AutoCloseable {
        static WorkFiles open(Path dir) throws IOException {
            Files.createDirectories(dir);
            Path db = dir.resolve("augcon.db");
            Files.deleteIfExists(db);
            Files.deleteIfExists(dir.resolve("records.jsonl"));
            RunJournal journal = RunJournal.open(db);
            return new WorkFiles(dir, SqliteAnswerStore.open(db), journal);
        }

        RecordSink output() throws IOException {
            Path file = dir.resolve("records.jsonl").toAbsolutePath();
            journal.begin(file.toString(), 0, Map.of(), true);
            return ResumableJsonlWriter.open(file, RecordFormat.AUGCON, journal);
        }

        @Override
        public void close() throws IOException {
            journal.end(RunStatus.FINISHED);
            journal.close();
            answers.close();
        }
    }

    /**
     * The loopback server as the benchmark runs it: 4 threads, a backlog for every slot's
     * connection, no request kept (with them kept, a run of 181,000 calls filled the server JVM's
     * 1 GB heap: its GC threads spent 46 s of CPU and its HTTP dispatcher thread died).
     */
    static LoopbackOpenAiServer loopback(ServiceSlots server) {
        return LoopbackOpenAiServer.builder().model("loopback").handler(ScriptedLlm.immediate()).threads(4).keepRequests(false)
                .backlog(Math.max(128, 2 * server.slots())).serviceSlots(server).build();
    }

    /** The loopback server, in this JVM or in a child JVM whose report is copied to stdout on close. */
    private interface ServerHandle extends AutoCloseable {
        String baseUrl();

        int maxInFlight();

        @Override
        void close() throws IOException, InterruptedException;

        static ServerHandle inProcess(ServiceSlots server) {
            LoopbackOpenAiServer loopback = loopback(server).start();
            return new ServerHandle() {
                @Override
                public String baseUrl() {
                    return loopback.baseUrl();
                }

                @Override
                public int maxInFlight() {
                    return loopback.maxInFlight();
                }

                @Override
                public void close() {
                    loopback.close();
                }
            };
        }

        /** The server in a child JVM, pinned with {@code taskset -c cpus} to those CPUs when {@code cpus} is not null. */
        static ServerHandle child(int slots, long latencyMs, double perTokenMs, String cpus) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>();
            if (cpus != null) {
                command.addAll(List.of("taskset", "-c", cpus));
            }
            command.addAll(List.of(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                    SlotServerProcess.class.getName(), Integer.toString(slots), Long.toString(latencyMs),
                    Double.toString(perTokenMs)));
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            if (first == null || !first.startsWith("port ")) {
                process.destroyForcibly();
                throw new IOException("the server JVM did not start: " + first);
            }
            String url = "http://127.0.0.1:" + first.substring(5).strip() + "/v1";
            return new ServerHandle() {
                @Override
                public String baseUrl() {
                    return url;
                }

                @Override
                public int maxInFlight() {
                    return -1;
                }

                @Override
                public void close() throws IOException, InterruptedException {
                    process.getOutputStream().write("report\n".getBytes(StandardCharsets.UTF_8));
                    process.getOutputStream().flush();
                    for (String line = out.readLine(); line != null && !line.equals("end"); line = out.readLine()) {
                        System.out.println(line);
                    }
                    process.waitFor();
                }
            };
        }
    }

    static void reportClient(RunSummary summary, long wallNanos) {
        TokenUsage tokens = summary.totalTokens();
        double records = Math.max(1, summary.records());
        System.out.printf(Locale.ROOT, "records %d, roots %d, wall %.2f s%n", summary.records(), summary.roots(), wallNanos / 1e9);
        System.out.printf(Locale.ROOT, "per kept record: %.2f calls, %.0f tokens in, %.0f tokens out%n",
                summary.totalLlmCalls() / records, tokens.inputTokens() / records, tokens.outputTokens() / records);
        summary.format().lines().forEach(line -> System.out.println("  " + line));
    }

    static void reportServer(ServiceLog log) {
        System.out.printf(Locale.ROOT, "requests served %d%n", log.requests());
        System.out.printf(Locale.ROOT, "utilization %.3f excluding the last 10%% of requests, %.3f over the whole run%n",
                log.utilization(0.1), log.utilization(0));
        System.out.printf(Locale.ROOT, "server busy span %.2f s, ideal %.2f s (total service %.1f s / %d slots)%n",
                log.spanNanos() / 1e9, log.idealWallNanos() / 1e9, log.totalServiceNanos() / 1e9, log.slots());
        System.out.printf(Locale.ROOT, "mean wait for a slot %.1f ms%n", log.meanWaitNanos() / 1e6);
        System.out.println("in service per tenth of the run: " + profile(log, 10));
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

    static long processCpuNanos() {
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
}
