package io.augcon.store;

import java.util.Locale;

/** Where the run a {@link RunJournal} describes ended, or that it did not end. */
public enum RunStatus {
    /** Started and not ended: still running, or killed. A rerun resumes it. */
    RUNNING,
    /** Ended normally: every record is written. */
    FINISHED,
    /** Ended cleanly at an LLM budget; a rerun with a larger budget resumes it. */
    STOPPED_AT_BUDGET,
    /** Ended by a failure (an outage, a refused key); a rerun resumes it. */
    FAILED;

    /** The name as stored and shown: {@code running}, {@code finished}, {@code stopped-at-budget}, {@code failed}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static RunStatus fromLabel(String label) {
        for (RunStatus s : values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown run status '" + label + "'");
    }
}
