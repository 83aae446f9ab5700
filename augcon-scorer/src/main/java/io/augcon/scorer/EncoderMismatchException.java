package io.augcon.scorer;

/**
 * A saved scorer loaded with an encoder other than the one it was trained on: its weights would
 * read vectors from a different space.
 */
public final class EncoderMismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The encoder id the scorer was trained with; part of the serialised form. */
    private final String expected;
    /** The encoder id that was given; part of the serialised form. */
    private final String actual;

    /** The scorer was trained with {@code expected}; {@code actual} was given. */
    public EncoderMismatchException(String source, String expected, String actual) {
        super(source + " was trained with encoder '" + expected + "' but encoder '" + actual
                + "' was given; load it with that encoder (e.g. Encoders.byName(\"" + expected + "\"))");
        this.expected = expected;
        this.actual = actual;
    }

    /** The encoder id the scorer was trained with. */
    public String expected() {
        return expected;
    }

    /** The encoder id that was given. */
    public String actual() {
        return actual;
    }
}
