package io.augcon.scorer.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.augcon.api.Language;
import io.augcon.api.TextEncoder;
import io.augcon.core.offline.CachingTextEncoder;
import io.augcon.core.scoring.QueryPair;
import io.augcon.scorer.ContrastiveLoss;
import io.augcon.scorer.ContrastiveScorer;
import io.augcon.scorer.CosineScorer;
import io.augcon.scorer.encoder.DjlOffline;
import io.augcon.scorer.Encoders;
import io.augcon.scorer.FeatureLayout;
import io.augcon.scorer.PairScorer;
import io.augcon.scorer.ScorerTrainer;
import io.augcon.scorer.TrainedScorer;
import io.augcon.scorer.TrainingReport;
import java.io.BufferedWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Measures the contrastive scorer on pairs built from the sample corpus ({@link SamplePairs}):
 * training time for 1,500 pairs, held-out pairwise accuracy against the cosine baseline (overall,
 * by negative kind, by language, on unseen roots and on unseen documents), scoring throughput cold
 * and warm, and plain-Java against DJL inference. Prints Markdown. See BENCHMARKS.md for the command.
 *
 * <p>System properties: {@code bench.encoder} (default bge-small-zh), {@code bench.language}
 * (all, en or zh; default all), {@code bench.pairs} (default 1500), {@code bench.seed} (default 42),
 * {@code bench.out} (folder for the pairs and the scorer; default augcon-scorer/target/bench).
 */
public final class ScorerBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScorerBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path samples = Path.of(args.length > 0 ? args[0] : "augcon-examples/samples");
        if (!Files.isDirectory(samples) && Files.isDirectory(Path.of("..").resolve(samples))) {
            samples = Path.of("..").resolve(samples);
        }
        String encoderName = System.getProperty("bench.encoder", Encoders.DEFAULT);
        String languageFilter = System.getProperty("bench.language", "all");
        int wanted = Integer.getInteger("bench.pairs", 1500);
        long seed = Long.getLong("bench.seed", 42);
        Path out = Path.of(System.getProperty("bench.out", "augcon-scorer/target/bench"));
        Files.createDirectories(out);

        System.out.printf(Locale.ROOT, "# Scorer benchmark%n%n- machine: %d cores, java %s, max heap %d MB%n"
                        + "- corpus: %s (language: %s), encoder: %s, seed %d%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20, samples, languageFilter, encoderName, seed);

        System.out.printf(Locale.ROOT, "- load average at start (other processes share the cores): %s%n", loadAverage());
        long t = System.nanoTime();
        TextEncoder raw = Encoders.byName(encoderName);
        System.out.printf(Locale.ROOT, "- encoder load: %d ms%n", ms(t));

        // ---- pairs
        t = System.nanoTime();
        List<SamplePairs.Node> nodes = SamplePairs.nodes(samples, new CachingTextEncoder(raw, 100_000));
        if (!"all".equals(languageFilter)) {
            Language only = Language.fromCode(languageFilter);
            nodes = nodes.stream().filter(n -> n.node().language() == only).toList();
        }
        int rounds = (int) Math.ceil(wanted / (3.0 * nodes.size()));
        List<SamplePairs.Labelled> all = new ArrayList<>(SamplePairs.pairs(nodes, rounds, seed));
        Collections.shuffle(all, new Random(seed));
        List<SamplePairs.Labelled> pairs = all.subList(0, Math.min(wanted, all.size()));
        Path pairsFile = out.resolve("pairs-" + encoderName + "-" + languageFilter + ".jsonl");
        writeLabelled(pairsFile, pairs);
        Set<String> roots = new LinkedHashSet<>();
        Set<String> documents = new LinkedHashSet<>();
        pairs.forEach(p -> {
            roots.add(p.rootId());
            documents.add(p.documentId());
        });
        System.out.printf(Locale.ROOT, "- pairs: %d (%s) from %d tree nodes, %d roots, %d documents; "
                        + "%d rounds per node; built in %d ms%n",
                pairs.size(), countBy(pairs, SamplePairs.Labelled::kind), nodes.size(), roots.size(), documents.size(),
                rounds, ms(t));
        System.out.printf(Locale.ROOT, "- pairs written to %s (SHA-256 %s)%n%n", pairsFile,
                java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(Files.readAllBytes(pairsFile))).substring(0, 16));

        // ---- split by root: about 15% of pairs held out, whole roots at a time
        List<String> rootOrder = new ArrayList<>(roots);
        Collections.shuffle(rootOrder, new Random(seed + 1));
        Set<String> heldRoots = new LinkedHashSet<>();
        int held = 0;
        for (String root : rootOrder) {
            if (held >= pairs.size() * 0.15) {
                break;
            }
            heldRoots.add(root);
            held += (int) pairs.stream().filter(p -> p.rootId().equals(root)).count();
        }
        List<SamplePairs.Labelled> trainSet = pairs.stream().filter(p -> !heldRoots.contains(p.rootId())).toList();
        List<SamplePairs.Labelled> heldSet = pairs.stream().filter(p -> heldRoots.contains(p.rootId())).toList();

        // ---- training: first run in this JVM (engine start, cold embeddings), then warm
        CachingTextEncoder trainingCache = new CachingTextEncoder(raw, 100_000);
        ScorerTrainer trainer = ScorerTrainer.builder().encoder(trainingCache).seed(seed).build();
        t = System.nanoTime();
        TrainedScorer first = trainer.train(plain(trainSet), plain(heldSet));
        long firstTotal = ms(t);
        t = System.nanoTime();
        TrainedScorer second = trainer.train(plain(trainSet), plain(heldSet));
        long secondTotal = ms(t);
        TrainingReport r = first.report();
        boolean identical = java.util.Arrays.equals(scores(first.scorer(), heldSet, true), scores(second.scorer(), heldSet, true));
        System.out.printf(Locale.ROOT, "## Training (%d train / %d held-out pairs, split by root)%n%n", r.trainPairs(), r.heldOutPairs());
        System.out.println("| run | encode texts | train head | total | epochs (best) | held-out acc |");
        System.out.println("|---|---|---|---|---|---|");
        System.out.printf(Locale.ROOT, "| first in JVM (cold embeddings, engine start) | %d ms | %d ms | %d ms | %d (%d) | %.3f |%n",
                r.encodeMillis(), r.trainMillis(), firstTotal, r.epochsRun(), r.bestEpoch(), r.bestHeldOutAccuracy());
        TrainingReport r2 = second.report();
        System.out.printf(Locale.ROOT, "| second (cached embeddings, engine up) | %d ms | %d ms | %d ms | %d (%d) | %.3f |%n%n",
                r2.encodeMillis(), r2.trainMillis(), secondTotal, r2.epochsRun(), r2.bestEpoch(), r2.bestHeldOutAccuracy());
        System.out.printf(Locale.ROOT, "- same seed, two trainings, identical held-out scores: %s%n", identical);
        System.out.printf(Locale.ROOT, "- report: %s%n%n", r.summary());

        // ---- accuracy vs cosine
        CosineScorer cosine = new CosineScorer(trainingCache);
        System.out.println("## Held-out pairwise accuracy (s+ > s-), unseen roots\n");
        System.out.println("| slice | pairs | contrastive | cosine |");
        System.out.println("|---|---|---|---|");
        accuracyRows(heldSet, first.scorer(), cosine);

        System.out.println("\n### Variants (same split, same seed)\n");
        System.out.println("| loss | features | epochs (best) | train ms | held-out acc |");
        System.out.println("|---|---|---|---|---|");
        for (ContrastiveLoss loss : ContrastiveLoss.values()) {
            for (FeatureLayout layout : FeatureLayout.values()) {
                TrainingReport v = ScorerTrainer.builder().encoder(trainingCache).seed(seed).loss(loss).features(layout)
                        .build().train(plain(trainSet), plain(heldSet)).report();
                System.out.printf(Locale.ROOT, "| %s | %s | %d (%d) | %d | %.3f |%n", loss, layout, v.epochsRun(), v.bestEpoch(),
                        v.trainMillis(), v.bestHeldOutAccuracy());
            }
        }

        // ---- unseen documents: hold out one document per language (the two largest explainers)
        Set<String> heldDocs = Set.of("bicycle-gears", "tea-processing");
        Predicate<SamplePairs.Labelled> inHeldDoc = p -> heldDocs.stream().anyMatch(d -> p.documentId().contains(d));
        List<SamplePairs.Labelled> docTrain = pairs.stream().filter(inHeldDoc.negate()).toList();
        List<SamplePairs.Labelled> docHeld = pairs.stream().filter(inHeldDoc).toList();
        if (!docHeld.isEmpty() && !docTrain.isEmpty()) {
            // early stopping needs held-out pairs that are not the test documents: 15% of the training roots
            List<String> docRoots = new ArrayList<>(new LinkedHashSet<>(docTrain.stream().map(SamplePairs.Labelled::rootId).toList()));
            Collections.shuffle(docRoots, new Random(seed + 2));
            Set<String> stopRoots = new LinkedHashSet<>(docRoots.subList(0, Math.max(1, docRoots.size() * 15 / 100)));
            TrainedScorer byDoc = ScorerTrainer.builder().encoder(trainingCache).seed(seed).build().train(
                    plain(docTrain.stream().filter(p -> !stopRoots.contains(p.rootId())).toList()),
                    plain(docTrain.stream().filter(p -> stopRoots.contains(p.rootId())).toList()));
            System.out.printf(Locale.ROOT, "%n## Held-out pairwise accuracy, unseen documents (%s held out; trained on %d pairs of the other documents)%n%n",
                    String.join(", ", heldDocs), byDoc.report().trainPairs());
            System.out.println("| slice | pairs | contrastive | cosine |");
            System.out.println("|---|---|---|---|");
            accuracyRows(docHeld, byDoc.scorer(), cosine);
        }

        // ---- throughput
        Path file = out.resolve("scorer-" + encoderName + "-" + languageFilter + ".json");
        first.scorer().save(file);
        System.out.printf(Locale.ROOT, "%n## Scoring throughput (scorer file %d KB)%n%n", Files.size(file) >> 10);
        System.out.println("| scorer | pairs scored | distinct texts | cold (encoding included) | warm (cached vectors) |");
        System.out.println("|---|---|---|---|---|");
        List<String> contexts = new ArrayList<>();
        List<String> queries = new ArrayList<>();
        for (SamplePairs.Labelled p : heldSet) {
            contexts.add(p.pair().context());
            queries.add(p.pair().positive());
            contexts.add(p.pair().context());
            queries.add(p.pair().negative());
        }
        int distinct = new LinkedHashSet<>(contexts).size() + new LinkedHashSet<>(queries).size();
        throughputRow("contrastive (plain Java head)", () -> {
            try {
                return ContrastiveScorer.load(file, raw);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, contexts, queries, distinct);
        throughputRow("cosine baseline", () -> new CosineScorer(raw), contexts, queries, distinct);

        List<String> allContexts = new ArrayList<>();
        List<String> allQueries = new ArrayList<>();
        for (SamplePairs.Labelled p : pairs) {
            allContexts.add(p.pair().context());
            allQueries.add(p.pair().positive());
            allContexts.add(p.pair().context());
            allQueries.add(p.pair().negative());
        }
        ContrastiveScorer warmAll = ContrastiveScorer.load(file, trainingCache);
        warmAll.score(allContexts, allQueries);
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            long s = System.nanoTime();
            warmAll.score(allContexts, allQueries);
            best = Math.min(best, System.nanoTime() - s);
        }
        System.out.printf(Locale.ROOT, "%n- warm, all %d (context, query) pairs of the set: best of 10 %.1f ms = %,.0f pairs/s%n",
                allContexts.size(), best / 1e6, allContexts.size() / (best / 1e9));

        djlComparison(file, trainingCache, allContexts, allQueries, warmAll);
        System.out.printf(Locale.ROOT, "%n- load average at end: %s%n", loadAverage());
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static void accuracyRows(List<SamplePairs.Labelled> set, PairScorer trained, PairScorer cosine) {
        Map<String, List<SamplePairs.Labelled>> slices = new LinkedHashMap<>();
        slices.put("all", set);
        for (String kind : List.of("other-context", "copied-sentence", "generic")) {
            slices.put("negative: " + kind, set.stream().filter(p -> p.kind().equals(kind)).toList());
        }
        for (Language language : Language.values()) {
            slices.put("language: " + language.code(), set.stream().filter(p -> p.language() == language).toList());
        }
        for (Map.Entry<String, List<SamplePairs.Labelled>> slice : slices.entrySet()) {
            if (slice.getValue().isEmpty()) {
                continue;
            }
            System.out.printf(Locale.ROOT, "| %s | %d | %.3f | %.3f |%n", slice.getKey(), slice.getValue().size(),
                    accuracy(trained, slice.getValue()), accuracy(cosine, slice.getValue()));
        }
    }

    private static double accuracy(PairScorer scorer, List<SamplePairs.Labelled> set) {
        double[] pos = scores(scorer, set, true);
        double[] neg = scores(scorer, set, false);
        int correct = 0;
        for (int i = 0; i < pos.length; i++) {
            if (pos[i] > neg[i]) {
                correct++;
            }
        }
        return correct / (double) pos.length;
    }

    private static double[] scores(PairScorer scorer, List<SamplePairs.Labelled> set, boolean positive) {
        return scorer.score(set.stream().map(p -> p.pair().context()).toList(),
                set.stream().map(p -> positive ? p.pair().positive() : p.pair().negative()).toList());
    }

    /** Cold: median of 3 fresh scorers (empty vector cache, model loaded); warm: best of 10 on the last one. */
    private static void throughputRow(String name, java.util.function.Supplier<PairScorer> fresh, List<String> contexts,
                                      List<String> queries, int distinct) {
        long[] colds = new long[3];
        PairScorer scorer = null;
        for (int k = 0; k < colds.length; k++) {
            scorer = fresh.get();
            long t = System.nanoTime();
            scorer.score(contexts, queries);
            colds[k] = System.nanoTime() - t;
        }
        java.util.Arrays.sort(colds);
        long cold = colds[1];
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            long s = System.nanoTime();
            scorer.score(contexts, queries);
            best = Math.min(best, System.nanoTime() - s);
        }
        System.out.printf(Locale.ROOT, "| %s | %d | %d | %.0f ms = %,.0f pairs/s | %.2f ms = %,.0f pairs/s |%n", name,
                contexts.size(), distinct, cold / 1e6, contexts.size() / (cold / 1e9), best / 1e6, contexts.size() / (best / 1e9));
    }

    /** The same head run by DJL/PyTorch on the same cached vectors, end to end, against the plain-Java scorer. */
    private static void djlComparison(Path file, TextEncoder cached, List<String> contexts, List<String> queries,
                                      ContrastiveScorer java) throws Exception {
        JsonNode root = JSON.readTree(file.toFile());
        FeatureLayout layout = FeatureLayout.valueOf(root.get("features").asText());
        int dimension = root.get("dimension").asInt();
        int hidden = root.get("hidden").asInt();
        int width = layout.width(dimension);
        float[] w1 = floats(root.get("weights").get("w1").asText());
        float[] b1 = floats(root.get("weights").get("b1").asText());
        float[] w2 = floats(root.get("weights").get("w2").asText());
        float b2 = floats(root.get("weights").get("b2").asText())[0];
        DjlOffline.ensure();
        Engine engine = Engine.getEngine("PyTorch");
        double[] javaScores = java.score(contexts, queries);
        long bestDjl = Long.MAX_VALUE;
        float[] djlScores = null;
        try (NDManager manager = engine.newBaseManager()) {
            NDArray W1 = manager.create(w1, new Shape(hidden, width));
            NDArray B1 = manager.create(b1);
            NDArray W2 = manager.create(w2, new Shape(hidden, 1));
            for (int i = 0; i < 11; i++) {
                long s = System.nanoTime();
                List<String> texts = new ArrayList<>(contexts);
                texts.addAll(queries);
                float[][] v = cached.encode(texts);
                float[] x = new float[contexts.size() * width];
                for (int k = 0; k < contexts.size(); k++) {
                    layout.fill(v[k], v[contexts.size() + k], x, k * width);
                }
                try (NDManager step = manager.newSubManager()) {
                    NDArray in = step.create(FloatBuffer.wrap(x), new Shape(contexts.size(), width));
                    djlScores = Activation.relu(in.matMul(W1.transpose()).add(B1)).matMul(W2).reshape(-1).add(b2).toFloatArray();
                }
                if (i > 0) {
                    bestDjl = Math.min(bestDjl, System.nanoTime() - s);
                }
            }
        }
        long bestJava = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            long s = System.nanoTime();
            java.score(contexts, queries);
            bestJava = Math.min(bestJava, System.nanoTime() - s);
        }
        double maxDiff = 0;
        for (int i = 0; i < javaScores.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(javaScores[i] - djlScores[i]));
        }
        System.out.printf(Locale.ROOT, "%n## Inference: plain Java vs DJL/PyTorch (warm vectors, %d pairs, best of 10, PyTorch on %s intra-op thread(s))%n%n"
                        + "| head run by | time | pairs/s |%n|---|---|---|%n| plain Java (ContrastiveScorer) | %.1f ms | %,.0f |%n"
                        + "| DJL/PyTorch (features built in Java, one batch) | %.1f ms | %,.0f |%n%n- largest score difference: %.2e%n",
                contexts.size(), System.getProperty("ai.djl.pytorch.num_threads", "default"),
                bestJava / 1e6, contexts.size() / (bestJava / 1e9), bestDjl / 1e6, contexts.size() / (bestDjl / 1e9), maxDiff);
    }

    private static float[] floats(String base64) {
        byte[] bytes = Base64.getDecoder().decode(base64);
        float[] out = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    private static List<QueryPair> plain(List<SamplePairs.Labelled> labelled) {
        return labelled.stream().map(SamplePairs.Labelled::pair).toList();
    }

    private static String countBy(List<SamplePairs.Labelled> pairs, java.util.function.Function<SamplePairs.Labelled, String> key) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        pairs.forEach(p -> counts.merge(key.apply(p), 1, Integer::sum));
        StringBuilder s = new StringBuilder();
        counts.forEach((k, v) -> s.append(s.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
        return s.toString();
    }

    private static void writeLabelled(Path file, List<SamplePairs.Labelled> pairs) throws java.io.IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (SamplePairs.Labelled p : pairs) {
                ObjectNode n = JSON.createObjectNode();
                n.put("context", p.pair().context());
                n.put("positive", p.pair().positive());
                n.put("negative", p.pair().negative());
                n.put("kind", p.kind());
                n.put("root", p.rootId());
                w.write(JSON.writeValueAsString(n));
                w.write('\n');
            }
        }
    }

    private static long ms(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
