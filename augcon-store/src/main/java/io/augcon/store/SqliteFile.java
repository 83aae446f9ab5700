package io.augcon.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Opens the work directory's SQLite file the way every store here wants it. */
final class SqliteFile {
    /** How long a writer waits for another connection's write to end before failing. */
    private static final int BUSY_TIMEOUT_MS = 30_000;

    private SqliteFile() {}

    /**
     * A connection to {@code file} (created with its parent directories) in WAL mode with
     * {@code synchronous=NORMAL}: a commit survives the process being killed, readers never wait
     * for the writer, and a commit costs no fsync (a power cut may lose the last commits, never
     * corrupt the file).
     */
    static Connection open(Path file, String... schema) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = NORMAL");
                for (String ddl : schema) {
                    s.execute(ddl);
                }
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
            return connection;
        } catch (SQLException e) {
            throw failure("cannot open the SQLite work file", file, e);
        }
    }

    /** An IOException naming the file and what was being done. */
    static IOException failure(String what, Path file, SQLException e) {
        return new IOException(what + " " + file + ": " + e.getMessage(), e);
    }
}
