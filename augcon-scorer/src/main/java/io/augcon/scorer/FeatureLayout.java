package io.augcon.scorer;

/**
 * How the head's input is built from the context vector {@code c} and the query vector {@code q}
 * (both unit length, dimension {@code d}). The element-wise product {@code c*q} sums to the
 * cosine similarity and the absolute difference {@code |c-q|} shows where the two disagree; the
 * raw vectors let the head see what kind of context and what kind of query it has (a question
 * that is generic, or a copied sentence, has a recognisable region of its own).
 */
public enum FeatureLayout {
    /** {@code [c, q, c*q, |c-q|]}, width {@code 4d}: the default. */
    CONTEXT_QUERY_PRODUCT_DIFFERENCE(true, false),
    /** {@code [q, c*q, |c-q|]}, width {@code 3d}: no raw context vector. */
    QUERY_PRODUCT_DIFFERENCE(false, false),
    /**
     * {@code [c, q, c*q, |c-q|, cos(c, q)]}, width {@code 4d + 1}: the cosine as one more input
     * (on the sample-corpus benchmark it did not beat the default; see BENCHMARKS.md).
     */
    CONTEXT_QUERY_PRODUCT_DIFFERENCE_COSINE(true, true);

    private final boolean context;
    private final boolean cosine;

    FeatureLayout(boolean context, boolean cosine) {
        this.context = context;
        this.cosine = cosine;
    }

    /** The width of the feature vector for vectors of dimension {@code dimension}. */
    public int width(int dimension) {
        return (context ? 4 : 3) * dimension + (cosine ? 1 : 0);
    }

    /** Writes the features of {@code (c, q)} into {@code out} from {@code offset} on. */
    public void fill(float[] c, float[] q, float[] out, int offset) {
        int d = c.length;
        if (q.length != d) {
            throw new IllegalArgumentException("context and query vectors differ in dimension: " + d + " and " + q.length);
        }
        int at = offset;
        if (context) {
            System.arraycopy(c, 0, out, at, d);
            at += d;
        }
        System.arraycopy(q, 0, out, at, d);
        at += d;
        double dot = 0;
        for (int i = 0; i < d; i++) {
            float product = c[i] * q[i];
            out[at + i] = product;
            dot += product;
        }
        at += d;
        for (int i = 0; i < d; i++) {
            out[at + i] = Math.abs(c[i] - q[i]);
        }
        if (cosine) {
            out[at + d] = (float) dot;
        }
    }
}
