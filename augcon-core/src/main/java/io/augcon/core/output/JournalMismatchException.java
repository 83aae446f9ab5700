package io.augcon.core.output;

import java.io.IOException;

/**
 * A resumed output does not match its {@link RecordJournal}: the file was changed outside the
 * run, or the resumed run produced a different record where the journal committed one (other
 * settings, other answers). Resuming is refused; start the output over instead.
 */
public final class JournalMismatchException extends IOException {
    private static final long serialVersionUID = 1L;

    /** A mismatch described by {@code message}, which names the output file and the first thing that differs. */
    public JournalMismatchException(String message) {
        super(message);
    }
}
