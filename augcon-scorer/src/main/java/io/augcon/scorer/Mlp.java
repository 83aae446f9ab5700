package io.augcon.scorer;

import io.augcon.api.internal.Knob;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The trained head as plain arrays, scored in plain Java: {@code s(x) = w2 . relu(W1 x + b1) + b2}.
 * {@code w1} is row-major, one row of {@code inputs} weights per hidden unit.
 */
final class Mlp {
    final int inputs;
    final int hidden;
    final float[] w1;
    final float[] b1;
    final float[] w2;
    final float b2;

    Mlp(int inputs, int hidden, float[] w1, float[] b1, float[] w2, float b2) {
        Knob.atLeast("inputs", inputs, 1);
        Knob.atLeast("hidden", hidden, 1);
        if (w1.length != inputs * hidden || b1.length != hidden || w2.length != hidden) {
            throw new IllegalArgumentException("weight shapes do not match inputs=" + inputs + ", hidden=" + hidden);
        }
        this.inputs = inputs;
        this.hidden = hidden;
        this.w1 = w1;
        this.b1 = b1;
        this.w2 = w2;
        this.b2 = b2;
    }

    /**
     * Scores {@code rows} feature vectors stored one after another in {@code x} into
     * {@code out[0 .. rows)}. Four rows share each pass over a row of W1, so the weights are read
     * a quarter as often as row by row. Each row's sums are formed in the same order whatever its
     * position, so a pair's score does not depend on the batch it is scored in.
     */
    void scoreRows(float[] x, int rows, double[] out) {
        int r = 0;
        for (; r + 3 < rows; r += 4) {
            int x0 = r * inputs;
            int x1 = x0 + inputs;
            int x2 = x1 + inputs;
            int x3 = x2 + inputs;
            double s0 = b2;
            double s1 = b2;
            double s2 = b2;
            double s3 = b2;
            for (int h = 0; h < hidden; h++) {
                int row = h * inputs;
                float a0 = 0;
                float a1 = 0;
                float a2 = 0;
                float a3 = 0;
                for (int i = 0; i < inputs; i++) {
                    float w = w1[row + i];
                    a0 += w * x[x0 + i];
                    a1 += w * x[x1 + i];
                    a2 += w * x[x2 + i];
                    a3 += w * x[x3 + i];
                }
                s0 += unit(a0, h);
                s1 += unit(a1, h);
                s2 += unit(a2, h);
                s3 += unit(a3, h);
            }
            out[r] = s0;
            out[r + 1] = s1;
            out[r + 2] = s2;
            out[r + 3] = s3;
        }
        for (; r < rows; r++) {
            int x0 = r * inputs;
            double s = b2;
            for (int h = 0; h < hidden; h++) {
                int row = h * inputs;
                float a = 0;
                for (int i = 0; i < inputs; i++) {
                    a += w1[row + i] * x[x0 + i];
                }
                s += unit(a, h);
            }
            out[r] = s;
        }
    }

    /** Hidden unit {@code h}'s contribution to the score, given its weighted input sum. */
    private float unit(float sum, int h) {
        float z = sum + b1[h];
        return z > 0 ? z * w2[h] : 0f;
    }

    /** All weights, little-endian float32, in the order w1, b1, w2, b2. */
    byte[] weightBytes() {
        ByteBuffer buffer = ByteBuffer.allocate(4 * (w1.length + b1.length + w2.length + 1)).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(w1).put(b1).put(w2).put(b2);
        return buffer.array();
    }

    /** SHA-256 of {@link #weightBytes()} in hex. */
    String sha256() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(weightBytes());
            StringBuilder hex = new StringBuilder(64);
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }
}
