package io.augcon.core.event;

import java.util.Objects;

/**
 * One document the corpus reader could not use, with enough to find and fix it.
 *
 * <p>A large corpus almost always holds a few broken entries; the run reports them and goes on
 * (or, in strict mode, stops at the first one), so every report must name the place precisely.
 *
 * @param source the file relative to the input root, with '/' separators, plus {@code :line}
 *               for JSONL (e.g. {@code docs/a.jsonl:12})
 * @param reason what was wrong, e.g. {@code field 'text' missing} or
 *               {@code invalid UTF-8 at byte 40}
 */
public record BadInput(String source, String reason) {

    /** Both parts are required: a report without either is useless to the user. */
    public BadInput {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(reason, "reason");
    }

    /** The one-line form used in messages and on stderr: {@code source: reason}. */
    @Override
    public String toString() {
        return source + ": " + reason;
    }
}
