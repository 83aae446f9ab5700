package io.augcon.scorer;

import io.augcon.api.TextEncoder;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A fast, deterministic stand-in for an embedding model: each word gets a fixed pseudo-random
 * Gaussian vector (seeded by the word), a text is the normalised sum of its words' vectors.
 * Counts calls and texts so tests can check caching.
 */
final class HashingEncoder implements TextEncoder {
    private final int dimension;
    private final String id;
    int calls;
    int texts;

    HashingEncoder(int dimension) {
        this(dimension, "hashing-" + dimension);
    }

    HashingEncoder(int dimension, String id) {
        this.dimension = dimension;
        this.id = id;
    }

    @Override
    public synchronized float[][] encode(List<String> batch) {
        calls++;
        texts += batch.size();
        float[][] out = new float[batch.size()][];
        for (int i = 0; i < batch.size(); i++) {
            out[i] = vector(batch.get(i));
        }
        return out;
    }

    private float[] vector(String text) {
        double[] sum = new double[dimension];
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (word.isEmpty()) {
                continue;
            }
            SplittableRandom random = new SplittableRandom(word.hashCode() * 0x9E3779B97F4A7C15L);
            for (int d = 0; d < dimension; d++) {
                sum[d] += random.nextDouble() * 2 - 1;
            }
        }
        double norm = 0;
        for (double v : sum) {
            norm += v * v;
        }
        float[] out = new float[dimension];
        if (norm > 0) {
            for (int d = 0; d < dimension; d++) {
                out[d] = (float) (sum[d] / Math.sqrt(norm));
            }
        }
        return out;
    }

    @Override
    public String id() {
        return id;
    }
}
