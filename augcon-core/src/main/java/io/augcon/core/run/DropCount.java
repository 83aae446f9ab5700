package io.augcon.core.run;

/**
 * How much input a run dropped for one reason ({@link RunSummary#dropped()}).
 *
 * @param count the pieces dropped: paragraphs, documents or root contexts, as the reason says
 * @param chars their characters
 */
public record DropCount(long count, long chars) {
    /** Counts are not negative. */
    public DropCount {
        if (count < 0 || chars < 0) {
            throw new IllegalArgumentException("count and chars must be >= 0, was " + count + " and " + chars);
        }
    }

    /** The form used in summaries and reports: {@code 3 (240 chars)}. */
    @Override
    public String toString() {
        return count + " (" + chars + " chars)";
    }
}
