package io.augcon.api.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The one way the library checks a knob or an argument against its range, with one wording: the
 * message names the knob, the allowed range and the value given, e.g.
 * {@code maxAttempts must be >= 1, was 0}. Double checks reject NaN; the open-ended ones
 * ({@link #atLeast(String, double, double)}, {@link #positive(String, double)}) reject infinity too.
 * It lives in the api module so that every module, adapters included, uses the same checks; it is
 * not API.
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

    /**
     * {@code value}, or an {@link IllegalArgumentException} naming {@code knob} when it is below
     * {@code min}, NaN or infinite.
     */
    public static double atLeast(String knob, double value, double min) {
        if (!(value >= min) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(knob + " must be >= " + bound(min) + ", was " + value);
        }
        return value;
    }

    /** {@code value}, or an {@link IllegalArgumentException} naming {@code knob} when it is not a finite number above 0. */
    public static double positive(String knob, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(knob + " must be > 0, was " + value);
        }
        return value;
    }

    /** {@code value}, or an {@link IllegalArgumentException} naming {@code knob} when it is outside {@code [min, max]}. */
    public static int inRange(String knob, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(knob + " must be in [" + min + ", " + max + "], was " + value);
        }
        return value;
    }

    /** {@code value}, or an {@link IllegalArgumentException} naming {@code knob} when it is outside {@code [min, max]} or NaN. */
    public static double inRange(String knob, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(knob + " must be in [" + bound(min) + ", " + bound(max) + "], was " + value);
        }
        return value;
    }

    /**
     * {@code value}, or an {@link IllegalArgumentException} naming {@code knob} when it is outside
     * the open range {@code (min, max)} or NaN.
     */
    public static double inOpenRange(String knob, double value, double min, double max) {
        if (!(value > min && value < max)) {
            throw new IllegalArgumentException(knob + " must be in (" + bound(min) + ", " + bound(max) + "), was " + value);
        }
        return value;
    }

    /**
     * {@code value}, or an {@link IllegalArgumentException} naming {@code knob} when it is outside
     * {@code (min, max]} or NaN: a share that must be above {@code min} and may reach {@code max}.
     */
    public static double inOpenClosed(String knob, double value, double min, double max) {
        if (!(value > min && value <= max)) {
            throw new IllegalArgumentException(knob + " must be in (" + bound(min) + ", " + bound(max) + "], was " + value);
        }
        return value;
    }

    /**
     * {@code value}, or an {@link IllegalArgumentException} naming {@code knob} when it is outside
     * {@code [min, max)} or NaN: a share that may be {@code min} and must stay below {@code max}.
     */
    public static double inClosedOpen(String knob, double value, double min, double max) {
        if (!(value >= min && value < max)) {
            throw new IllegalArgumentException(knob + " must be in [" + bound(min) + ", " + bound(max) + "), was " + value);
        }
        return value;
    }

    /** {@code value}, or an exception naming {@code knob} when it is null, zero or negative. */
    public static Duration positive(String knob, Duration value) {
        Objects.requireNonNull(value, knob);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(knob + " must be positive, was " + value);
        }
        return value;
    }

    /** {@code value}, or an {@link IllegalArgumentException} naming {@code knob} when it is negative; null passes. */
    public static Duration notNegative(String knob, Duration value) {
        if (value != null && value.isNegative()) {
            throw new IllegalArgumentException(knob + " must not be negative, was " + value);
        }
        return value;
    }

    /** A whole bound as a whole number ({@code 1}, not {@code 1.0}), as the messages write ranges. */
    private static String bound(double value) {
        return value == Math.rint(value) && !Double.isInfinite(value) ? Long.toString((long) value) : Double.toString(value);
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
}
