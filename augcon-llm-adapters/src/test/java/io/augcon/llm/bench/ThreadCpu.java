package io.augcon.llm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where a JVM's CPU went, by thread: Linux lists every live thread of the process (the JIT
 * compilers and the garbage collector included, which the JDK's thread bean does not show) in
 * {@code /proc/self/task}, with its name and user plus system time. Threads that have ended are
 * not listed; their time is the process's total less the listed threads'.
 */
final class ThreadCpu {
    /** Clock ticks per second of {@code /proc}'s times, {@code USER_HZ}, 100 on every Linux in use. */
    private static final double TICKS_PER_SECOND = 100;

    private ThreadCpu() {}

    /**
     * The live threads' CPU in seconds, grouped by name with digits dropped, largest first, and
     * what ended threads used, given the process's total; "-" where there is no {@code /proc}.
     */
    static String byGroup(long processCpuNanos) {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return "-";
        }
        Map<String, Double> groups = new TreeMap<>();
        try (Stream<Path> list = Files.list(tasks)) {
            for (Path task : list.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException ended) {
                    continue;
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String name = stat.substring(open + 1, close).replaceAll("[0-9]+", "#").strip();
                String[] fields = stat.substring(close + 2).split(" ");
                // fields after the name: state is [0], utime [11], stime [12]
                double seconds = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
                groups.merge(name, seconds, Double::sum);
            }
        } catch (IOException e) {
            return "-";
        }
        double listed = groups.values().stream().mapToDouble(Double::doubleValue).sum();
        groups.put("(ended threads)", Math.max(0, processCpuNanos / 1e9 - listed));
        return groups.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                .filter(e -> e.getValue() >= 0.05)
                .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }
}
