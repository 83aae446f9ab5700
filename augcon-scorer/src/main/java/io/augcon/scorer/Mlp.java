package io.augcon.scorer;

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
        if (inputs < 1 || hidden < 1) {
            throw new IllegalArgumentException("inputs and hidden must be >= 1, were " + inputs + " and " + hidden);
        }
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

    /** The score of the feature vector at {@code x[offset .. offset + inputs)}. */
    double score(float[] x, int offset) {
        double s = b2;
        for (int h = 0; h < hidden; h++) {
            int row = h * inputs;
            float a0 = 0;
            float a1 = 0;
            float a2 = 0;
            float a3 = 0;
            int i = 0;
            for (; i + 3 < inputs; i += 4) {
                a0 += w1[row + i] * x[offset + i];
                a1 += w1[row + i + 1] * x[offset + i + 1];
                a2 += w1[row + i + 2] * x[offset + i + 2];
                a3 += w1[row + i + 3] * x[offset + i + 3];
            }
            for (; i < inputs; i++) {
                a0 += w1[row + i] * x[offset + i];
            }
            float z = b1[h] + ((a0 + a1) + (a2 + a3));
            if (z > 0) {
                s += w2[h] * z;
            }
        }
        return s;
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
