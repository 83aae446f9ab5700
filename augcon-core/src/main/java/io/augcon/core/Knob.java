package io.augcon.core;

/**
 * The checks every builder in the library applies to its knobs, with one wording: the message
 * names the knob, the allowed range and the value given, e.g.
 * {@code maxAttempts must be >= 1, was 0}.
 *
 * <pre>{@code
 * this.maxAttempts = Knob.atLeast("maxAttempts", value, 1);
 * this.temperature = Knob.temperature(value);
 * }</pre>
 */
public final class Knob {
    /** The sampling temperatures an OpenAI-compatible server accepts. */
    public static final double MAX_TEMPERATURE = 2.0;

    private Knob() {}

    /** {@code value}, or an {@link IllegalArgumentException} naming {@code knob} when it is below {@code min}. */
    public static int atLeast(String knob, int value, int min) {
        return (int) atLeast(knob, (long) value, min);
    }

    /** {@code value}, or an {@link IllegalArgumentException} naming {@code knob} when it is below {@code min}. */
    public static long atLeast(String knob, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(knob + " must be >= " + min + ", was " + value);
        }
        return value;
    }

    /** {@code value}, or an {@link IllegalArgumentException} naming {@code knob} when it is outside {@code [min, max]} or NaN. */
    public static double inRange(String knob, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(knob + " must be in [" + plain(min) + ", " + plain(max) + "], was " + value);
        }
        return value;
    }

    /**
     * {@code value}, or an {@link IllegalArgumentException} naming {@code knob} when it is outside
     * {@code (min, max]} or NaN: for thresholds where the lower end means nothing, e.g. a similarity.
     */
    public static double inOpenClosed(String knob, double value, double min, double max) {
        if (!(value > min && value <= max)) {
            throw new IllegalArgumentException(knob + " must be in (" + plain(min) + ", " + plain(max) + "], was " + value);
        }
        return value;
    }

    /** A sampling temperature in {@code [0, 2]}. */
    public static double temperature(double value) {
        return inRange("temperature", value, 0, MAX_TEMPERATURE);
    }

    /** {@code value}, or an {@link IllegalArgumentException} naming {@code knob} when it is null or blank. */
    public static String notBlank(String knob, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(knob + " must not be blank");
        }
        return value;
    }

    /** {@code 1} for 1.0, {@code 0.5} for 0.5: bounds read as a person writes them. */
    private static String plain(double bound) {
        return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
    }
}
