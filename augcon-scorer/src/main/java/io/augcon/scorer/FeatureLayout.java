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
    CONTEXT_QUERY_PRODUCT_DIFFERENCE(4),
    /** {@code [q, c*q, |c-q|]}, width {@code 3d}: no raw context vector. */
    QUERY_PRODUCT_DIFFERENCE(3);

    private final int blocks;

    FeatureLayout(int blocks) {
        this.blocks = blocks;
    }

    /** The width of the feature vector for vectors of dimension {@code dimension}. */
    public int width(int dimension) {
        return blocks * dimension;
    }

    /** Writes the features of {@code (c, q)} into {@code out} from {@code offset} on. */
    public void fill(float[] c, float[] q, float[] out, int offset) {
        int d = c.length;
        if (q.length != d) {
            throw new IllegalArgumentException("context and query vectors differ in dimension: " + d + " and " + q.length);
        }
        int at = offset;
        if (this == CONTEXT_QUERY_PRODUCT_DIFFERENCE) {
            System.arraycopy(c, 0, out, at, d);
            at += d;
        }
        System.arraycopy(q, 0, out, at, d);
        at += d;
        for (int i = 0; i < d; i++) {
            out[at + i] = c[i] * q[i];
        }
        at += d;
        for (int i = 0; i < d; i++) {
            out[at + i] = Math.abs(c[i] - q[i]);
        }
    }
}
