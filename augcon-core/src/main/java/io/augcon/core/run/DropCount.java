package io.augcon.core.run;

import java.util.Map;
import java.util.StringJoiner;

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

    /** Both counts added: the drops of two documents, or of two runs. */
    public DropCount plus(DropCount other) {
        return new DropCount(count + other.count, chars + other.chars);
    }

    /**
     * Drops by reason as one phrase, {@code empty_document 1 (0 chars), short_paragraph 3 (240
     * chars)} in the map's order, or {@code none}.
     */
    public static String describe(Map<String, DropCount> byReason) {
        StringJoiner joined = new StringJoiner(", ").setEmptyValue("none");
        byReason.forEach((reason, n) -> joined.add(reason + " " + n));
        return joined.toString();
    }

    /** The form used in summaries and reports: {@code 3 (240 chars)}. */
    @Override
    public String toString() {
        return count + " (" + chars + " chars)";
    }
}
