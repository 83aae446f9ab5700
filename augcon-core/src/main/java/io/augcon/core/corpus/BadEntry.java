package io.augcon.core.corpus;

import io.augcon.core.event.BadInput;

/**
 * Raised while parsing one corpus entry, caught by the entry's source and turned into a
 * {@link BadInput}. Checked and without a stack trace: it is an expected outcome, not a bug.
 */
final class BadEntry extends Exception {

    BadEntry(String reason) {
        super(reason, null, false, false);
    }

    String reason() {
        return getMessage();
    }
}
