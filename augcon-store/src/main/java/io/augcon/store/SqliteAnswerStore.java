package io.augcon.store;

import io.augcon.api.FinishReason;
import io.augcon.api.LlmResponse;
import io.augcon.api.TokenUsage;
import io.augcon.api.internal.DaemonThreads;
import io.augcon.core.llm.AnswerStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * An {@link AnswerStore} in an SQLite file: one row per {@link io.augcon.core.llm.RequestKey}
 * holding the answer's text, finish reason, token usage and model. An answer put is committed
 * (WAL mode, {@code synchronous=NORMAL}) before {@link #put} returns or {@link #putAsync}'s stage
 * completes, so an answer stored before the process is killed is there on the rerun.
 *
 * <p>Commits are written by one thread of the store's own ({@code augcon-answers}, a daemon that
 * ends after {@value #WRITER_KEEP_ALIVE_S} s without work), never by the thread that puts: an
 * HTTP client's thread that hands an answer over is free at once. Answers put while a commit is
 * being written wait and go together in the next one (group commit). Lookups read through a
 * connection of their own, so they never wait for a commit (WAL readers do not), and answers put
 * but not yet committed are found too. Nothing but those waiting answers is held in memory, so
 * the cache may be larger than the heap. Thread-safe.
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
    private static final int WRITER_KEEP_ALIVE_S = 30;

    private final Path file;
    /** The writer's connection, used holding {@code this}. */
    private final Connection connection;
    private final PreparedStatement insert;
    /** The lookups' connection, used holding {@link #reading}. */
    private final Connection reader;
    private final PreparedStatement select;
    private final Object reading = new Object();
    private final ThreadPoolExecutor writer;
    /** Guards {@link #waiting}, {@link #promised} and {@link #writing}; never held while SQLite works. */
    private final Object queue = new Object();
    /** Answers put and not yet committed, the first per key, in arrival order. */
    private final Map<String, LlmResponse> waiting = new LinkedHashMap<>();
    /** The stages of the puts accepted since the writer last took the queue. */
    private final List<CompletableFuture<Void>> promised = new ArrayList<>();
    /** True while a writer task is queued or running: at most one is. */
    private boolean writing;
    /** Transactions that stored answers. Guarded by {@code this}. */
    private long commits;

    private SqliteAnswerStore(Path file, Connection connection, Connection reader) throws SQLException {
        this.file = file;
        this.connection = connection;
        this.reader = reader;
        this.select = reader.prepareStatement(
                "SELECT text, finish_reason, input_tokens, output_tokens, model FROM answers WHERE request_key = ?");
        this.insert = connection.prepareStatement("INSERT OR IGNORE INTO answers VALUES (?, ?, ?, ?, ?, ?)");
        this.writer = new ThreadPoolExecutor(0, 1, WRITER_KEEP_ALIVE_S, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                DaemonThreads.named("augcon-answers"));
    }

    /** Opens (or creates) the store in the SQLite file {@code file}, which may hold other tables too. */
    public static SqliteAnswerStore open(Path file) throws IOException {
        Connection connection = SqliteFile.open(file, SCHEMA);
        Connection reader = null;
        try {
            reader = SqliteFile.open(file);
            return new SqliteAnswerStore(file, connection, reader);
        } catch (IOException e) {
            try {
                connection.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        } catch (SQLException e) {
            closeQuietly(connection, e);
            if (reader != null) {
                closeQuietly(reader, e);
            }
            throw SqliteFile.failure("cannot prepare the answer store in", file, e);
        }
    }

    /** The answer stored under {@code key}, committed or still waiting for its commit; else null. */
    @Override
    public LlmResponse get(String key) {
        // The queue first: an answer leaves it only after its commit, so one missed there is
        // committed by the time the table is read.
        synchronized (queue) {
            LlmResponse waited = waiting.get(key);
            if (waited != null) {
                return waited;
            }
        }
        synchronized (reading) {
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
        }
        return null;
    }

    /**
     * Stores {@code answer} unless the key already has one (the first answer wins, as a replay
     * would give it), and returns when it is committed.
     *
     * @throws UncheckedIOException when SQLite cannot store it
     */
    @Override
    public void put(String key, LlmResponse answer) {
        try {
            putAsync(key, answer).toCompletableFuture().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException u) {
                throw u;
            }
            throw e;
        }
    }

    /**
     * Hands {@code answer} to the store's writer and returns at once; the stage completes when it
     * is committed (the first answer under a key wins), or fails with an
     * {@link UncheckedIOException} when SQLite cannot store it.
     *
     * @throws IllegalStateException when the store is closed
     */
    @Override
    public CompletionStage<Void> putAsync(String key, LlmResponse answer) {
        CompletableFuture<Void> committed = new CompletableFuture<>();
        boolean start;
        synchronized (queue) {
            waiting.putIfAbsent(key, answer);
            promised.add(committed);
            start = !writing;
            writing = true;
        }
        if (start) {
            try {
                writer.execute(this::commitWaiting);
            } catch (RejectedExecutionException e) {
                throw new IllegalStateException("the answer store in " + file + " is closed", e);
            }
        }
        return committed;
    }

    /** The writer's task: commits every waiting answer in one transaction, again until none is left. */
    private void commitWaiting() {
        while (true) {
            List<CompletableFuture<Void>> done;
            UncheckedIOException failure = null;
            synchronized (this) {
                Map<String, LlmResponse> batch;
                synchronized (queue) {
                    if (promised.isEmpty()) {
                        writing = false;
                        return;
                    }
                    batch = new LinkedHashMap<>(waiting);
                    done = new ArrayList<>(promised);
                    promised.clear();
                }
                try {
                    insertAll(batch);
                    commits++;
                } catch (SQLException e) {
                    failure = new UncheckedIOException(SqliteFile.failure("cannot store " + batch.size() + " answers in", file, e));
                }
                synchronized (queue) {
                    batch.keySet().forEach(waiting::remove);
                }
            }
            // Outside the connection's lock: a caller's stage may go on with its own work here.
            for (CompletableFuture<Void> put : done) {
                if (failure == null) {
                    put.complete(null);
                } else {
                    put.completeExceptionally(failure);
                }
            }
        }
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

    /** Waits for the answers already put to be committed, then closes both connections. */
    @Override
    public void close() throws IOException {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(1, TimeUnit.MINUTES)) {
                throw new IOException("answers put to " + file + " were not committed within a minute of closing it");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the answers put to " + file + " were being committed", e);
        }
        synchronized (this) {
            synchronized (reading) {
                try {
                    select.close();
                    insert.close();
                    reader.close();
                    connection.close();
                } catch (SQLException e) {
                    throw SqliteFile.failure("cannot close the answer store", file, e);
                }
            }
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
