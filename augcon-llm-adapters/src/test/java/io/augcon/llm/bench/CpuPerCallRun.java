package io.augcon.llm.bench;

import io.augcon.testkit.BenchArgs;
import io.augcon.testkit.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Client CPU per LLM call at the margin (issue 17), in one command: runs {@link UtilizationRun}
 * with the server in a JVM of its own and the SQLite work dir, once per corpus size, each in a
 * fresh JVM (so each pays its own start-up and JIT warm-up), and prints per size the calls, the
 * client's process CPU, CPU per call over the whole run, threads started and utilization, then the
 * margin between consecutive sizes: (CPU at the larger - CPU at the smaller) / (calls at the
 * larger - calls at the smaller), which leaves out the fixed start-up and, the larger the sizes,
 * more of the JIT's warm-up. Not a test:
 *
 * <pre>java -Xmx1g -cp (test classpath) io.augcon.llm.bench.CpuPerCallRun --corpus ../augcon-examples/samples/en --slots 256 --repeats 2,8,32</pre>
 *
 * Options: {@code --repeats} (comma-separated corpus copies, default {@code 2,8,32}), {@code
 * --heap} (the client JVM's, default {@code 1g}), {@code --logs DIR} (each run's whole output,
 * default a temp dir), {@code --client-cpus LIST} (start each client JVM under {@code taskset -c
 * LIST}; with {@code --server-cpus}, which goes to {@link UtilizationRun}, the server's CPU stays
 * off the client's cores), {@code --client-jvm-opts "OPTS"} (space-separated options for each client
 * JVM, e.g. {@code "-XX:TieredStopAtLevel=1"}); every other {@code --name value} pair goes to {@link UtilizationRun} as
 * given ({@code --corpus}, {@code --slots}, {@code --latency-ms}, {@code --transport}, ...).
 */
public final class CpuPerCallRun {
    private static final Pattern CPU = Pattern.compile("process CPU ([0-9.]+) s over the run \\(the client alone\\).*; ([0-9.]+) s before it");
    private static final Pattern THREADS = Pattern.compile("threads started during the run (\\d+) for (\\d+) HTTP calls");
    private static final Pattern UTILIZATION = Pattern.compile("^utilization ([0-9.]+) excluding");
    /** The JIT compiler threads' group in {@link ThreadCpu#byGroup}, e.g. {@code "C# CompilerThre 4.9"} (Linux cuts thread names at 15 characters). */
    private static final Pattern COMPILER = Pattern.compile("C# CompilerThre ([0-9.]+)");
    private static final Pattern WALL = Pattern.compile("^records \\d+, roots \\d+, wall ([0-9.]+) s");

    private CpuPerCallRun() {}

    /** One run's numbers, read from its output. */
    private record Run(int repeat, long calls, double cpuSeconds, double startupSeconds, double compilerSeconds, long threads,
            double utilization, double wallSeconds) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchArgs.pairs(args);
        String heap = options.getOrDefault("heap", "1g");
        Path logs = options.containsKey("logs") ? Path.of(options.get("logs")) : Files.createTempDirectory("cpu-per-call");
        Files.createDirectories(logs);
        List<Integer> repeats = new ArrayList<>();
        for (String r : options.getOrDefault("repeats", "2,8,32").split(",")) {
            repeats.add(Integer.parseInt(r.strip()));
        }
        List<String> passed = new ArrayList<>();
        options.forEach((name, value) -> {
            if (!List.of("repeats", "heap", "logs", "repeat", "server-jvm", "work-dir", "client-cpus",
                    "client-jvm-opts").contains(name)) {
                passed.add("--" + name);
                passed.add(value);
            }
        });
        System.out.println("UtilizationRun " + String.join(" ", passed) + " --server-jvm separate, repeats " + repeats
                + ", client JVM options " + options.getOrDefault("client-jvm-opts", "(none)") + ", logs in " + logs);
        List<Run> runs = new ArrayList<>();
        for (int repeat : repeats) {
            runs.add(run(heap, options.get("client-cpus"), options.get("client-jvm-opts"), passed, repeat, logs));
            Run r = runs.get(runs.size() - 1);
            System.out.printf(Locale.ROOT, "repeat %3d: %7d calls, client CPU %6.2f s (+ %.1f s before the run; JIT compilers %.1f s),"
                    + " %.3f ms per call,"
                    + " %d threads started, utilization %.3f, wall %.1f s; load average %.2f%n", r.repeat(), r.calls(),
                    r.cpuSeconds(), r.startupSeconds(), r.compilerSeconds(), r.cpuSeconds() * 1000 / r.calls(), r.threads(), r.utilization(),
                    r.wallSeconds(), loadAverage());
        }
        for (int i = 1; i < runs.size(); i++) {
            Run a = runs.get(i - 1);
            Run b = runs.get(i);
            System.out.printf(Locale.ROOT, "margin repeat %d -> %d: %.3f ms per call ((%.2f - %.2f) s / (%d - %d) calls);"
                    + " %.3f ms of it the JIT compilers'%n",
                    a.repeat(), b.repeat(), (b.cpuSeconds() - a.cpuSeconds()) * 1000 / (b.calls() - a.calls()),
                    b.cpuSeconds(), a.cpuSeconds(), b.calls(), a.calls(),
                    (b.compilerSeconds() - a.compilerSeconds()) * 1000 / (b.calls() - a.calls()));
        }
    }

    private static Run run(String heap, String clientCpus, String clientJvmOptions, List<String> passed, int repeat, Path logs)
            throws IOException, InterruptedException {
        Path work = Files.createTempDirectory(logs, "work-" + repeat + "-");
        List<String> command = ChildJvm.command(heap, UtilizationRun.class);
        if (clientJvmOptions != null && !clientJvmOptions.isBlank()) {
            command.addAll(1, List.of(clientJvmOptions.strip().split("\\s+")));
        }
        if (clientCpus != null) {
            command.addAll(0, List.of("taskset", "-c", clientCpus));
        }
        command.addAll(passed);
        command.addAll(List.of("--repeat", Integer.toString(repeat), "--server-jvm", "separate", "--work-dir", work.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Path log = logs.resolve("repeat-" + repeat + ".txt");
        double cpu = Double.NaN;
        double startup = Double.NaN;
        double utilization = Double.NaN;
        double wall = Double.NaN;
        double compiler = 0;
        long threads = -1;
        long calls = -1;
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
                Matcher m;
                if ((m = CPU.matcher(line)).find()) {
                    cpu = Double.parseDouble(m.group(1));
                    startup = Double.parseDouble(m.group(2));
                } else if ((m = THREADS.matcher(line)).find()) {
                    threads = Long.parseLong(m.group(1));
                    calls = Long.parseLong(m.group(2));
                } else if ((m = UTILIZATION.matcher(line)).find()) {
                    utilization = Double.parseDouble(m.group(1));
                } else if (line.startsWith("CPU by live thread group") && (m = COMPILER.matcher(line)).find()) {
                    compiler = Double.parseDouble(m.group(1));
                } else if ((m = WALL.matcher(line)).find()) {
                    wall = Double.parseDouble(m.group(1));
                }
            }
        }
        int exit = process.waitFor();
        Files.write(log, lines, StandardCharsets.UTF_8);
        if (exit != 0 || calls < 0 || Double.isNaN(cpu)) {
            throw new IllegalStateException("the run at repeat " + repeat + " failed (exit " + exit + "); its output is in " + log);
        }
        return new Run(repeat, calls, cpu, startup, compiler, threads, utilization, wall);
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
