package io.augcon.llm.resilience;

import io.augcon.api.SftRecord;
import io.augcon.core.AugCon;
import io.augcon.core.llm.Resilience;
import io.augcon.core.run.RunSummary;
import io.augcon.llm.openai.OpenAiChatBackend;
import io.augcon.testkit.LoopbackOpenAiServer;
import io.augcon.testkit.ScriptedLlm;
import io.augcon.testkit.ServerFault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The README's fault-mix measurement: one corpus, one seed, through the OpenAI chat backend to a
 * loopback server with a fixed reply latency, three times: no faults; a seeded mix of 8% 500s,
 * 5% 429s (Retry-After: 1), 5% JSON bodies cut short and 1% hangs with resilience on (the
 * defaults, real time); and the same mix with resilience off. Prints records, how many are
 * identical to the fault-free run's, and the summary's failure figures. Not a test:
 *
 * <pre>mvn -B -Pfaultmix -pl augcon-llm-adapters -am test -DskipTests</pre>
 */
public final class FaultMixRun {
    private FaultMixRun() {}

    public static void main(String[] args) throws Exception {
        Path corpus = Path.of(args.length > 0 ? args[0] : "../augcon-examples/samples").toAbsolutePath().normalize();
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 7;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        Duration latency = Duration.ofMillis(args.length > 3 ? Long.parseLong(args[3]) : 20);
        Duration timeout = Duration.ofSeconds(2);
        System.out.printf(Locale.ROOT, "corpus %s, seed %d, concurrency %d, reply latency %d ms, request timeout %d s%n",
                corpus, seed, concurrency, latency.toMillis(), timeout.toSeconds());

        Outcome clean = run(corpus, seed, concurrency, latency, timeout, null, Resilience.defaults());
        report("fault-free, resilience on", clean, clean);
        Map<ServerFault, Double> mix = new LinkedHashMap<>();
        mix.put(ServerFault.status(500), 0.08);
        mix.put(ServerFault.rateLimited("1"), 0.05);
        mix.put(ServerFault.truncatedJson(), 0.05);
        mix.put(ServerFault.hang(), 0.01);
        Outcome resilient = run(corpus, seed, concurrency, latency, timeout, mix, Resilience.defaults());
        report("fault mix, resilience on", resilient, clean);
        Outcome bare = run(corpus, seed, concurrency, latency, timeout, mix, Resilience.off());
        report("fault mix, resilience off", bare, clean);
        System.exit(0);
    }

    record Outcome(List<SftRecord> records, RunSummary summary, Map<ServerFault, Integer> injected, long wallMillis) {}

    static Outcome run(Path corpus, long seed, int concurrency, Duration latency, Duration timeout,
            Map<ServerFault, Double> mix, Resilience resilience) throws Exception {
        try (LoopbackOpenAiServer server = LoopbackOpenAiServer.builder().model("loopback")
                .handler(ScriptedLlm.immediate()).threads(4).build().start()) {
            server.latency(latency);
            if (mix != null) {
                server.faultMix(seed, mix);
            }
            AugCon augcon = AugCon.builder()
                    .llm(OpenAiChatBackend.builder().baseUrl(server.baseUrl()).model("loopback").timeout(timeout).build())
                    .concurrency(concurrency)
                    .seed(seed)
                    .llmPolicy(p -> p.withResilience(resilience))
                    .build();
            List<SftRecord> records = Collections.synchronizedList(new ArrayList<>());
            long t0 = System.nanoTime();
            RunSummary summary = augcon.run(corpus, records::add);
            long wall = (System.nanoTime() - t0) / 1_000_000;
            return new Outcome(List.copyOf(records), summary, server.faultsInjected(), wall);
        }
    }

    static void report(String name, Outcome run, Outcome clean) {
        Set<SftRecord> reference = new HashSet<>(clean.records());
        long identical = run.records().stream().filter(reference::contains).count();
        Set<String> ids = new HashSet<>();
        long duplicated = run.records().stream().filter(r -> !ids.add(r.id())).count();
        RunSummary s = run.summary();
        System.out.printf(Locale.ROOT, "%n== %s (%.1f s)%n", name, run.wallMillis() / 1000.0);
        System.out.printf(Locale.ROOT, "records %d (%.1f%% of the fault-free run's %d; identical to it %d; duplicated ids %d)%n",
                run.records().size(), 100.0 * run.records().size() / clean.records().size(), clean.records().size(),
                identical, duplicated);
        System.out.println("faults injected " + run.injected());
        s.format().lines().forEach(line -> System.out.println("  " + line));
    }
}
