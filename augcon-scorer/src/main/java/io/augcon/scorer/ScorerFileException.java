package io.augcon.scorer;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A saved scorer file that cannot be loaded: not a scorer file, an unknown format version, a
 * missing or malformed field, or weights that do not match their checksum. The message names the
 * file and the problem.
 */
public final class ScorerFileException extends IOException {
    private static final long serialVersionUID = 1L;

    /** A problem with {@code file}. */
    public ScorerFileException(Path file, String reason, Throwable cause) {
        super(file + ": " + reason, cause);
    }
}
