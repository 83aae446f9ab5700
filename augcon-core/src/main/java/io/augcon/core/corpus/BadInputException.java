package io.augcon.core.corpus;

import io.augcon.core.event.BadInput;
import java.util.Objects;

/**
 * Thrown by a strict {@link CorpusReader} at the first bad document, so that a pipeline run with
 * {@code --strict} stops before producing data from a corpus the user wants to be clean.
 */
public final class BadInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient BadInput badInput;

    /** Reports {@code badInput}; the message is {@code source: reason}. */
    public BadInputException(BadInput badInput) {
        super(Objects.requireNonNull(badInput, "badInput").toString());
        this.badInput = badInput;
    }

    /** The bad document, for callers that report it in their own format. */
    public BadInput badInput() {
        return badInput;
    }
}
