package io.augcon.report;

import io.augcon.api.TextEncoder;
import io.augcon.core.text.RougeL;
import io.augcon.core.text.TokenIds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Measures how varied the queries are, streaming: distinct-1 and distinct-2 over every query,
 * mean ROUGE-L F1 over every pair of queries of one root, and, over a uniform sample (reservoir
 * sampling, seeded), mean ROUGE-L F1 across the corpus and the embeddings' dispersion.
 * Distinct-n counts whole-corpus types over tokens, as Li et al. (2016) define it.
 */
final class DiversityMeter {
    private final TokenIds vocabulary = new TokenIds();
    private final LongSet bigrams = new LongSet();
    private final Map<String, List<int[]>> byRoot = new HashMap<>();
    private final int sampleSize;
    private final Random random;
    private final List<int[]> sampleTokens = new ArrayList<>();
    private final List<String> sampleTexts = new ArrayList<>();
    private long words;
    private long pairs;
    private long seen;
    private long rootPairs;
    private double rootRougeSum;

    DiversityMeter(int sampleSize, long seed) {
        this.sampleSize = sampleSize;
        this.random = new Random(seed);
    }

    void add(String rootId, String query, List<String> tokens) {
        int[] ids = vocabulary.ids(tokens);
        words += ids.length;
        for (int i = 1; i < ids.length; i++) {
            bigrams.add(((long) ids[i - 1] << 32) | (ids[i] & 0xFFFFFFFFL));
            pairs++;
        }
        List<int[]> root = byRoot.computeIfAbsent(rootId, k -> new ArrayList<>(4));
        for (int[] other : root) {
            rootRougeSum += RougeL.score(ids, other).fMeasure();
            rootPairs++;
        }
        root.add(ids);
        sample(query, ids);
    }

    private void sample(String query, int[] ids) {
        seen++;
        if (sampleTokens.size() < sampleSize) {
            sampleTokens.add(ids);
            sampleTexts.add(query);
            return;
        }
        long slot = (long) (random.nextDouble() * seen);
        if (slot < sampleSize) {
            sampleTokens.set((int) slot, ids);
            sampleTexts.set((int) slot, query);
        }
    }

    DatasetReport.Diversity result(TextEncoder encoder) {
        double across = 0;
        long acrossPairs = 0;
        for (int i = 0; i < sampleTokens.size(); i++) {
            for (int j = 0; j < i; j++) {
                across += RougeL.score(sampleTokens.get(i), sampleTokens.get(j)).fMeasure();
                acrossPairs++;
            }
        }
        Double dispersion = encoder == null || sampleTexts.size() < 2 ? null : dispersion(encoder.encode(sampleTexts));
        return new DatasetReport.Diversity(
                words == 0 ? 0 : (double) vocabulary.size() / words,
                pairs == 0 ? 0 : (double) bigrams.size() / pairs,
                rootPairs == 0 ? 0 : rootRougeSum / rootPairs, rootPairs,
                acrossPairs == 0 ? 0 : across / acrossPairs, sampleTokens.size(),
                dispersion, encoder == null ? 0 : sampleTexts.size(), encoder == null ? null : encoder.id());
    }

    /**
     * Mean cosine distance over all pairs of the vectors. For unit vectors the sum of pairwise
     * cosines is {@code (|sum|^2 - n) / 2}, so this is O(n) rather than O(n^2).
     */
    static double dispersion(float[][] vectors) {
        int n = vectors.length;
        double[] sum = new double[vectors[0].length];
        double norms = 0;
        for (float[] v : vectors) {
            double length = 0;
            for (float x : v) {
                length += (double) x * x;
            }
            length = Math.sqrt(length);
            if (length == 0) {
                continue;
            }
            for (int d = 0; d < v.length; d++) {
                sum[d] += v[d] / length;
            }
            norms += 1;
        }
        double squared = 0;
        for (double s : sum) {
            squared += s * s;
        }
        double meanCosine = (squared - norms) / ((double) n * (n - 1));
        return 1 - meanCosine;
    }
}
