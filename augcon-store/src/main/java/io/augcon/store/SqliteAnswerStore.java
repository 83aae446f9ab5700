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
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An {@link AnswerStore} in an SQLite file: one row per {@link io.augcon.core.llm.RequestKey}
 * holding the answer's text, finish reason, token usage and model. {@link #put} returns once its
 * answer is committed (WAL mode, {@code synchronous=NORMAL}), so an answer stored before the
 * process is killed is there on the rerun. Answers put by several threads at once share a commit
 * (group commit): while one commit is written the next answers wait and go together in the next.
 * Nothing but those waiting answers is held in memory, so the cache may be larger than the heap.
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
    /** Guards {@link #waiting} and {@link #accepted}; never held while waiting for the connection. */
    private final Object queue = new Object();
    /** Answers put but not yet committed, the first per key, in arrival order. */
    private final Map<String, LlmResponse> waiting = new LinkedHashMap<>();
    /** Puts accepted so far; a put's number is its ticket. */
    private long accepted;
    /** Puts committed so far: every ticket up to this one is on disk. Guarded by {@code this}. */
    private long committed;
    /** Transactions that stored answers. Guarded by {@code this}. */
    private long commits;

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
                if (row.next()) {
                    return new LlmResponse(row.getString(1), FinishReason.valueOf(row.getString(2)),
                            new TokenUsage(row.getLong(3), row.getLong(4)), row.getString(5));
                }
            }
        } catch (SQLException e) {
            throw new UncheckedIOException(SqliteFile.failure("cannot read an answer from", file, e));
        }
        synchronized (queue) {
            return waiting.get(key);
        }
    }

    /**
     * Stores {@code answer} unless the key already has one (the first answer wins, as a replay
     * would give it), and returns when it is committed: by this thread, together with every
     * answer waiting, or by another thread's commit that took it along.
     */
    @Override
    public void put(String key, LlmResponse answer) {
        long ticket;
        synchronized (queue) {
            waiting.putIfAbsent(key, answer);
            ticket = ++accepted;
        }
        synchronized (this) {
            if (committed < ticket) {
                commitWaiting();
            }
        }
    }

    /** Commits every waiting answer in one transaction. Called holding {@code this}. */
    private void commitWaiting() {
        Map<String, LlmResponse> batch;
        long upTo;
        synchronized (queue) {
            batch = new LinkedHashMap<>(waiting);
            waiting.clear();
            upTo = accepted;
        }
        try {
            insertAll(batch);
        } catch (SQLException e) {
            synchronized (queue) {
                batch.forEach(waiting::putIfAbsent);
            }
            throw new UncheckedIOException(SqliteFile.failure("cannot store " + batch.size() + " answers in", file, e));
        }
        committed = upTo;
        commits++;
    }

    /** Transactions that stored answers so far, for the group-commit test. */
    synchronized long commits() {
        return commits;
    }

    /** Answers put and not yet committed, for the group-commit test. */
    int waitingCount() {
        synchronized (queue) {
            return waiting.size();
        }
    }

    private void insertAll(Map<String, LlmResponse> batch) throws SQLException {
        connection.setAutoCommit(false);
        try {
            for (Map.Entry<String, LlmResponse> e : batch.entrySet()) {
                LlmResponse answer = e.getValue();
                insert.setString(1, e.getKey());
                insert.setString(2, answer.text());
                insert.setString(3, answer.finishReason().name());
                insert.setLong(4, answer.usage().inputTokens());
                insert.setLong(5, answer.usage().outputTokens());
                insert.setString(6, answer.model());
                insert.addBatch();
            }
            insert.executeBatch();
            connection.commit();
        } catch (SQLException e) {
            insert.clearBatch();
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
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
