package io.augcon.report;

import io.augcon.api.Language;
import io.augcon.api.SftRecord;
import io.augcon.api.TextEncoder;
import io.augcon.scorer.Encoders;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Build time and memory of the report for many synthetic records (default 1,000,000), made up
 * here and never written to disk: English questions from templates over a Zipf-distributed
 * vocabulary of 20,000 words, 14 records a root, 10 roots a document, 2% of queries copied from
 * an earlier root with one word changed. Not a unit test; run with the {@code report-bench} profile:
 *
 * <pre>
 * mvn -B -q -pl augcon-report -am -Preport-bench verify -DskipTests -Dbench.records=1000000 -Dbench.encoder=bge-small-zh
 * </pre>
 *
 * ({@code bench.encoder} is an encoder name or {@code none}, the default). Prints the time in {@code add} and
 * {@code build}, the heap peak of the run and the heap still held after a GC once every record was added.
 */
public final class ReportBenchmark {
    private static final String[] FORMS = {"What is %s of %s?", "How does %s affect %s?", "Why do %s and %s %s?",
        "When should %s use %s?", "Which %s is %s for %s?", "How many %s does %s need?"};

    private ReportBenchmark() {}

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String encoderName = args.length > 1 ? args[1] : "none";
        TextEncoder encoder = "none".equals(encoderName) ? null : Encoders.byName(encoderName);
        Random random = new Random(42);
        String[] vocabulary = vocabulary(random);
        double[] zipf = zipf(vocabulary.length);
        ReportBuilder builder = ReportBuilder.create().encoder(encoder);
        String[] recent = new String[4096];
        long addNanos = 0;
        for (int i = 0; i < records; i++) {
            SftRecord record = record(i, random, vocabulary, zipf, recent);
            long t0 = System.nanoTime();
            builder.add(record);
            addNanos += System.nanoTime() - t0;
        }
        System.gc();
        long retained = heapUsed();
        long t1 = System.nanoTime();
        DatasetReport report = builder.build(null);
        long buildNanos = System.nanoTime() - t1;
        Path dir = Files.createTempDirectory("report-bench");
        long t2 = System.nanoTime();
        HtmlReport.write(report, dir.resolve("report.html"));
        ReportJson.write(report, dir.resolve("report.json"));
        long writeNanos = System.nanoTime() - t2;
        System.out.printf(Locale.ROOT, "records %,d, roots %,d, documents %,d, encoder %s, sample %d%n", records,
                report.totals().roots(), report.totals().documents(), encoderName, report.diversity().rougeSample());
        System.out.printf(Locale.ROOT, "add %.1f s (%.1f us/record), build %.1f s, write HTML+JSON %.2f s, total %.1f s%n",
                addNanos / 1e9, addNanos / 1e3 / records, buildNanos / 1e9, writeNanos / 1e9,
                (addNanos + buildNanos + writeNanos) / 1e9);
        System.out.printf(Locale.ROOT, "heap peak (sum of the heap pools' peaks) %,d MB, held after GC with all records added %,d MB (max heap %,d MB)%n",
                heapPeak() >> 20, retained >> 20, Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf(Locale.ROOT, "near-duplicates across roots %,d (planted about %,d), distinct-1 %.4f, distinct-2 %.4f,"
                        + " ROUGE-L within roots %.4f, across %.4f, dispersion %s%n",
                report.nearDuplicates().queries(), records / 50, report.diversity().distinct1(),
                report.diversity().distinct2(), report.diversity().rougeWithinRoots(), report.diversity().rougeAcrossCorpus(),
                report.diversity().embeddingDispersion());
        System.out.printf(Locale.ROOT, "load average %.2f on %d cores%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());
    }

    private static SftRecord record(int i, Random random, String[] vocabulary, double[] zipf, String[] recent) {
        int root = i / 14;
        String query;
        if (i > 14 * 40 && random.nextInt(50) == 0) {
            String earlier = recent[random.nextInt(recent.length)];
            query = earlier == null ? question(random, vocabulary, zipf)
                    : earlier.replaceFirst("\\?$", " " + vocabulary[random.nextInt(vocabulary.length)] + "?");
        } else {
            query = question(random, vocabulary, zipf);
        }
        recent[random.nextInt(recent.length)] = query;
        int depth = Math.min(5, Integer.numberOfTrailingZeros(random.nextInt() | 64));
        int contextChars = Math.max(20, 500 >> depth) - random.nextInt(10);
        return new SftRecord(Integer.toHexString(i), query, "An answer.", "c".repeat(contextChars), "doc-" + root / 10,
                "doc-" + root / 10 + "#" + root % 10, depth, random.nextDouble(), Language.EN, 0, 500, "synthetic",
                Map.of("grounding", random.nextDouble()));
    }

    private static String question(Random random, String[] vocabulary, double[] zipf) {
        String form = FORMS[random.nextInt(FORMS.length)];
        Object[] words = new Object[3];
        for (int w = 0; w < 3; w++) {
            words[w] = phrase(random, vocabulary, zipf, 1 + random.nextInt(3));
        }
        return String.format(Locale.ROOT, form, words);
    }

    private static String phrase(Random random, String[] vocabulary, double[] zipf, int length) {
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < length; k++) {
            int index = java.util.Arrays.binarySearch(zipf, random.nextDouble());
            out.append(k == 0 ? "" : " ").append(vocabulary[Math.min(vocabulary.length - 1, index < 0 ? -index - 1 : index)]);
        }
        return out.toString();
    }

    private static String[] vocabulary(Random random) {
        String[] words = new String[20_000];
        for (int i = 0; i < words.length; i++) {
            StringBuilder w = new StringBuilder();
            int length = 3 + random.nextInt(7);
            for (int c = 0; c < length; c++) {
                w.append((char) ('a' + random.nextInt(26)));
            }
            words[i] = w.toString();
        }
        return words;
    }

    /** Cumulative Zipf (s = 1) probabilities over n ranks. */
    private static double[] zipf(int n) {
        double[] cumulative = new double[n];
        double sum = 0;
        for (int r = 0; r < n; r++) {
            sum += 1.0 / (r + 1);
            cumulative[r] = sum;
        }
        for (int r = 0; r < n; r++) {
            cumulative[r] /= sum;
        }
        return cumulative;
    }

    private static long heapUsed() {
        return heapPools().stream().mapToLong(p -> p.getUsage().getUsed()).sum();
    }

    private static long heapPeak() {
        return heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    }
}
