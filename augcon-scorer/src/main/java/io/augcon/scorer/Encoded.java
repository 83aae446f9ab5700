package io.augcon.scorer;

import io.augcon.api.TextEncoder;
import io.augcon.core.offline.CachingTextEncoder;
import java.util.ArrayList;
import java.util.List;

/** Encoding helpers shared by the scorers and the trainer. */
final class Encoded {
    /** Default number of vectors a scorer keeps (about 2 KB each at 512 dimensions). */
    static final int CACHE_CAPACITY = 50_000;

    private Encoded() {}

    /** {@code encoder} itself when it already caches, else a cache in front of it. */
    static TextEncoder cached(TextEncoder encoder) {
        return encoder instanceof CachingTextEncoder ? encoder : new CachingTextEncoder(encoder, CACHE_CAPACITY);
    }

    /** Vectors of {@code contexts} then {@code queries}, in one call to the encoder: [0] contexts, [1] queries. */
    static float[][][] pairs(TextEncoder encoder, List<String> contexts, List<String> queries) {
        if (contexts.size() != queries.size()) {
            throw new IllegalArgumentException("got " + contexts.size() + " contexts but " + queries.size() + " queries");
        }
        List<String> all = new ArrayList<>(contexts.size() * 2);
        all.addAll(contexts);
        all.addAll(queries);
        float[][] vectors = all.isEmpty() ? new float[0][] : encoder.encode(all);
        if (vectors.length != all.size()) {
            throw new IllegalStateException("encoder " + encoder.id() + " returned " + vectors.length
                    + " vectors for " + all.size() + " texts");
        }
        float[][] c = new float[contexts.size()][];
        float[][] q = new float[queries.size()][];
        System.arraycopy(vectors, 0, c, 0, c.length);
        System.arraycopy(vectors, c.length, q, 0, q.length);
        return new float[][][] {c, q};
    }

    static double dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors differ in dimension: " + a.length + " and " + b.length);
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
