package io.augcon.store;

import io.augcon.api.FinishReason;
import io.augcon.api.LlmResponse;
import io.augcon.api.TokenUsage;
import io.augcon.core.llm.AnswerStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * An {@link AnswerStore} in an SQLite file: one row per {@link io.augcon.core.llm.RequestKey}
 * holding the answer's text, finish reason, token usage and model. Each {@link #put} is its own
 * commit (WAL mode, {@code synchronous=NORMAL}), so an answer stored before the process is killed
 * is there on the rerun. Nothing is held in memory, so the cache may be larger than the heap.
 * Thread-safe: callers share one connection in turn.
 *
 * <pre>{@code
 * try (SqliteAnswerStore store = SqliteAnswerStore.open(workDir.resolve("augcon.db"))) {
 *     AugCon augcon = AugCon.builder()
 *         .llm(backend)
 *         .decorate(llm -> new CachingBackend(llm, store))
 *         .build();
 *     ...
 * }
 * }</pre>
 */
public final class SqliteAnswerStore implements AnswerStore {
    private static final String SCHEMA = "CREATE TABLE IF NOT EXISTS answers ("
            + "request_key TEXT PRIMARY KEY, text TEXT NOT NULL, finish_reason TEXT NOT NULL,"
            + " input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL, model TEXT NOT NULL)";

    private final Path file;
    private final Connection connection;
    private final PreparedStatement select;
    private final PreparedStatement insert;

    private SqliteAnswerStore(Path file, Connection connection) throws SQLException {
        this.file = file;
        this.connection = connection;
        this.select = connection.prepareStatement(
                "SELECT text, finish_reason, input_tokens, output_tokens, model FROM answers WHERE request_key = ?");
        this.insert = connection.prepareStatement("INSERT OR IGNORE INTO answers VALUES (?, ?, ?, ?, ?, ?)");
    }

    /** Opens (or creates) the store in the SQLite file {@code file}, which may hold other tables too. */
    public static SqliteAnswerStore open(Path file) throws IOException {
        Connection connection = SqliteFile.open(file, SCHEMA);
        try {
            return new SqliteAnswerStore(file, connection);
        } catch (SQLException e) {
            closeQuietly(connection, e);
            throw SqliteFile.failure("cannot prepare the answer store in", file, e);
        }
    }

    @Override
    public synchronized LlmResponse get(String key) {
        try {
            select.setString(1, key);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                return new LlmResponse(row.getString(1), FinishReason.valueOf(row.getString(2)),
                        new TokenUsage(row.getLong(3), row.getLong(4)), row.getString(5));
            }
        } catch (SQLException e) {
            throw new UncheckedIOException(SqliteFile.failure("cannot read an answer from", file, e));
        }
    }

    /** Stores {@code answer} unless the key already has one (the first answer wins, as a replay would give it). */
    @Override
    public synchronized void put(String key, LlmResponse answer) {
        try {
            insert.setString(1, key);
            insert.setString(2, answer.text());
            insert.setString(3, answer.finishReason().name());
            insert.setLong(4, answer.usage().inputTokens());
            insert.setLong(5, answer.usage().outputTokens());
            insert.setString(6, answer.model());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new UncheckedIOException(SqliteFile.failure("cannot store an answer in", file, e));
        }
    }

    @Override
    public synchronized int size() {
        try (Statement s = connection.createStatement(); ResultSet row = s.executeQuery("SELECT COUNT(*) FROM answers")) {
            row.next();
            return Math.toIntExact(row.getLong(1));
        } catch (SQLException e) {
            throw new UncheckedIOException(SqliteFile.failure("cannot count the answers in", file, e));
        }
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            select.close();
            insert.close();
            connection.close();
        } catch (SQLException e) {
            throw SqliteFile.failure("cannot close the answer store", file, e);
        }
    }

    private static void closeQuietly(Connection connection, SQLException cause) {
        try {
            connection.close();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
