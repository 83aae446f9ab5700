package io.augcon.scorer;

import java.nio.file.Path;

/**
 * A pairs file that cannot be used: the message names the file, the 1-based line and what is
 * wrong, e.g. {@code pairs.jsonl:7: missing "negative"}.
 */
public final class BadPairsException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    /** The 1-based line, 0 for the file as a whole; part of the serialised form (the path is not). */
    private final int line;

    /** A problem at {@code line} (1-based; 0 for the file as a whole). */
    public BadPairsException(Path file, int line, String reason, Throwable cause) {
        super(file + (line > 0 ? ":" + line : "") + ": " + reason, cause);
        this.file = file;
        this.line = line;
    }

    /** The file that was read. */
    public Path file() {
        return file;
    }

    /** The 1-based line of the problem, or 0 when it concerns the whole file. */
    public int line() {
        return line;
    }
}
