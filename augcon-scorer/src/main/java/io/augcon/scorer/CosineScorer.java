package io.augcon.scorer;

import io.augcon.api.TextEncoder;
import java.util.List;
import java.util.Objects;

/**
 * The zero-training baseline: the cosine similarity of the context's and the query's vectors
 * (a dot product, the encoder's vectors being unit length). It prefers queries close to the
 * context in meaning, including ones that merely copy it.
 *
 * <pre>{@code
 * PairScorer cosine = new CosineScorer(Encoders.byName("bge-small-zh"));
 * double s = cosine.score("Tides rise twice a day ...", "Why are there two tides a day?");
 * }</pre>
 */
public final class CosineScorer implements PairScorer {
    private final TextEncoder encoder;

    /** Cosine over {@code encoder}'s vectors; vectors are cached for the scorer's life. */
    public CosineScorer(TextEncoder encoder) {
        this.encoder = Encoded.cached(Objects.requireNonNull(encoder, "encoder"));
    }

    @Override
    public double[] score(List<String> contexts, List<String> queries) {
        float[][][] v = Encoded.pairs(encoder, contexts, queries);
        double[] scores = new double[contexts.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = Encoded.dot(v[0][i], v[1][i]);
        }
        return scores;
    }

    @Override
    public String id() {
        return "cosine/" + encoder.id();
    }
}
