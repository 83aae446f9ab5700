package io.augcon.core.offline;

/** The little vector arithmetic the offline mode needs on unit-length embeddings. */
final class Vectors {
    private Vectors() {}

    static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** The cosine similarity of the means of {@code vectors[from..to)} and {@code vectors[to..end)}. */
    static double cosineOfMeans(float[][] vectors, int from, int to, int end) {
        float[] left = sum(vectors, from, to);
        float[] right = sum(vectors, to, end);
        double norms = Math.sqrt(dot(left, left) * dot(right, right));
        return norms == 0 ? 0 : dot(left, right) / norms;
    }

    private static float[] sum(float[][] vectors, int from, int to) {
        float[] out = new float[vectors[from].length];
        for (int i = from; i < to; i++) {
            for (int d = 0; d < out.length; d++) {
                out[d] += vectors[i][d];
            }
        }
        return out;
    }
}
