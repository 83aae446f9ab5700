package io.augcon.api;

import java.nio.charset.StandardCharsets;

/**
 * Derives request seeds from a run seed and a path of labels, so that every sampled request has
 * its own seed and a rerun with the same run seed asks the same questions.
 *
 * <pre>{@code
 * long nodeSeed = Seeds.derive(runSeed, rootId, "run", "0", "path", "12");
 * long retrySeed = Seeds.derive(nodeSeed, "attempt", "1");
 * }</pre>
 */
public final class Seeds {
    /** Seeds are kept below 2^31 because some servers read the seed as a 32-bit integer. */
    public static final long MAX_SEED = Integer.MAX_VALUE;

    private Seeds() {}

    /** A seed in {@code [0, 2^31)} that depends on {@code base} and every part, in order. */
    public static long derive(long base, String... parts) {
        long h = mix(base ^ 0x9E3779B97F4A7C15L);
        for (String part : parts) {
            h = mix(h ^ 0x632BE59BD9B4E019L);
            for (byte b : part.getBytes(StandardCharsets.UTF_8)) {
                h = mix(h ^ (b & 0xFF));
            }
        }
        return h & MAX_SEED;
    }

    /** The SplitMix64 finaliser: a bijective 64-bit mix with good avalanche. */
    private static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
