package io.augcon.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augcon.core.output.RecordJournal;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The run journal in the work directory's SQLite file: which run writes which output with which
 * settings, how it ended, and every record committed to the output ({@link RecordJournal}: id,
 * position, byte range and a hash of its line). With {@link
 * io.augcon.core.output.ResumableJsonlWriter} it makes an output survive the process being killed.
 *
 * <pre>{@code
 * try (RunJournal journal = RunJournal.open(workDir.resolve("augcon.db"))) {
 *     journal.begin(output.toString(), seed, settings, false);
 *     try (ResumableJsonlWriter out = ResumableJsonlWriter.open(output, RecordFormat.AUGCON, journal)) {
 *         augcon.run(corpus, out);
 *     }
 *     journal.end(RunStatus.FINISHED);
 * }
 * }</pre>
 */
public final class RunJournal implements RecordJournal, Closeable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN_TABLE = "CREATE TABLE IF NOT EXISTS run (only INTEGER PRIMARY KEY CHECK (only = 1),"
            + " output TEXT NOT NULL, seed INTEGER NOT NULL, settings TEXT NOT NULL, fingerprint TEXT NOT NULL,"
            + " status TEXT NOT NULL, updated_ms INTEGER NOT NULL)";
    private static final String RECORD_TABLE = "CREATE TABLE IF NOT EXISTS records (position INTEGER PRIMARY KEY,"
            + " record_id TEXT NOT NULL, start_byte INTEGER NOT NULL, end_byte INTEGER NOT NULL, line_sha256 TEXT NOT NULL)";

    private final Path file;
    private final Connection connection;
    private long committed;

    private RunJournal(Path file, Connection connection) throws IOException {
        this.file = file;
        this.connection = connection;
        this.committed = count();
    }

    /** Opens (or creates) the journal in the SQLite file {@code file}, which may hold other tables too. */
    public static RunJournal open(Path file) throws IOException {
        Connection connection = SqliteFile.open(file, RUN_TABLE, RECORD_TABLE);
        try {
            return new RunJournal(file, connection);
        } catch (IOException | RuntimeException e) {
            try {
                connection.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /**
     * What the journal knew of the previous run.
     *
     * @param output      the output file it wrote
     * @param seed        its run seed
     * @param settings    the settings it ran with, by name
     * @param fingerprint SHA-256 of the settings
     * @param status      how it ended
     * @param records     records it committed
     */
    public record RunInfo(String output, long seed, SortedMap<String, String> settings, String fingerprint,
            RunStatus status, long records) {}

    /** The previous run, if this file has seen one. */
    public synchronized Optional<RunInfo> previousRun() throws IOException {
        try (Statement s = connection.createStatement();
                ResultSet row = s.executeQuery("SELECT output, seed, settings, fingerprint, status FROM run")) {
            if (!row.next()) {
                return Optional.empty();
            }
            SortedMap<String, String> settings = JSON.readValue(row.getString(3), new TypeReference<TreeMap<String, String>>() {});
            return Optional.of(new RunInfo(row.getString(1), row.getLong(2), settings, row.getString(4),
                    RunStatus.fromLabel(row.getString(5)), committed));
        } catch (SQLException e) {
            throw SqliteFile.failure("cannot read the run journal in", file, e);
        }
    }

    /**
     * Starts a run writing {@code output}. A run of the same output resumes the journal's records
     * when its settings are the same, and is refused when they differ unless {@code fresh}, which
     * forgets the records (the output starts over). A run of another output starts its journal
     * over (answers cached in the same file stay).
     *
     * @return the previous run of the same output being resumed, if any
     * @throws IllegalArgumentException naming the settings that changed, when resuming is refused
     */
    public synchronized Optional<RunInfo> begin(String output, long seed, Map<String, String> settings, boolean fresh)
            throws IOException {
        Objects.requireNonNull(output, "output");
        SortedMap<String, String> sorted = new TreeMap<>(settings);
        String fingerprint = fingerprint(sorted);
        Optional<RunInfo> previous = previousRun();
        boolean sameOutput = previous.isPresent() && previous.get().output().equals(output);
        if (sameOutput && !fresh && !previous.get().fingerprint().equals(fingerprint)) {
            throw new IllegalArgumentException("the work file " + file + " holds a run of " + output
                    + " with other settings (" + String.join(", ", changed(previous.get().settings(), sorted))
                    + "); rerun with the same settings to resume it, or start the output over");
        }
        if (!sameOutput || fresh) {
            clear();
        }
        try (PreparedStatement put = connection.prepareStatement("INSERT OR REPLACE INTO run VALUES (1, ?, ?, ?, ?, ?, ?)")) {
            put.setString(1, output);
            put.setLong(2, seed);
            put.setString(3, JSON.writeValueAsString(sorted));
            put.setString(4, fingerprint);
            put.setString(5, RunStatus.RUNNING.label());
            put.setLong(6, System.currentTimeMillis());
            put.executeUpdate();
        } catch (SQLException e) {
            throw SqliteFile.failure("cannot start a run in the journal", file, e);
        }
        return sameOutput && !fresh && committed > 0 ? previous : Optional.empty();
    }

    /** Records how the run ended. */
    public synchronized void end(RunStatus status) throws IOException {
        try (PreparedStatement put = connection.prepareStatement("UPDATE run SET status = ?, updated_ms = ?")) {
            put.setString(1, status.label());
            put.setLong(2, System.currentTimeMillis());
            put.executeUpdate();
        } catch (SQLException e) {
            throw SqliteFile.failure("cannot end the run in the journal", file, e);
        }
    }

    @Override
    public synchronized long committedCount() {
        return committed;
    }

    @Override
    public synchronized CommittedRecord committed(long index) throws IOException {
        if (index < 0 || index >= committed) {
            throw new IllegalArgumentException("record " + index + " is not committed (" + committed + " are)");
        }
        try (PreparedStatement get = connection.prepareStatement(
                "SELECT record_id, start_byte, end_byte, line_sha256 FROM records WHERE position = ?")) {
            get.setLong(1, index);
            try (ResultSet row = get.executeQuery()) {
                if (!row.next()) {
                    throw new IOException("the run journal in " + file + " lacks record " + index + " of " + committed);
                }
                return new CommittedRecord(index, row.getString(1), row.getLong(2), row.getLong(3), row.getString(4));
            }
        } catch (SQLException e) {
            throw SqliteFile.failure("cannot read the run journal in", file, e);
        }
    }

    @Override
    public synchronized void commit(List<CommittedRecord> records) throws IOException {
        if (records.isEmpty()) {
            return;
        }
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).index() != committed + i) {
                throw new IllegalArgumentException("record " + records.get(i).index() + " does not follow the "
                        + committed + " committed records");
            }
        }
        inTransaction(() -> {
            try (PreparedStatement put = connection.prepareStatement("INSERT INTO records VALUES (?, ?, ?, ?, ?)")) {
                for (CommittedRecord r : records) {
                    put.setLong(1, r.index());
                    put.setString(2, r.id());
                    put.setLong(3, r.start());
                    put.setLong(4, r.end());
                    put.setString(5, r.lineHash());
                    put.addBatch();
                }
                put.executeBatch();
            }
        }, "cannot commit records to the run journal in");
        committed += records.size();
    }

    @Override
    public synchronized void clear() throws IOException {
        inTransaction(() -> {
            try (Statement s = connection.createStatement()) {
                s.executeUpdate("DELETE FROM records");
            }
        }, "cannot clear the run journal in");
        committed = 0;
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            connection.close();
        } catch (SQLException e) {
            throw SqliteFile.failure("cannot close the run journal", file, e);
        }
    }

    private interface SqlWork {
        void run() throws SQLException;
    }

    private void inTransaction(SqlWork work, String failure) throws IOException {
        try {
            connection.setAutoCommit(false);
            try {
                work.run();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw SqliteFile.failure(failure, file, e);
        }
    }

    private long count() throws IOException {
        try (Statement s = connection.createStatement(); ResultSet row = s.executeQuery("SELECT COUNT(*) FROM records")) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw SqliteFile.failure("cannot read the run journal in", file, e);
        }
    }

    /** SHA-256 of the settings, sorted by name. */
    static String fingerprint(SortedMap<String, String> settings) {
        try {
            byte[] canonical = JSON.writeValueAsString(settings).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise settings", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static List<String> changed(Map<String, String> before, Map<String, String> now) {
        List<String> changed = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(before.keySet());
        names.addAll(now.keySet());
        for (String name : names) {
            if (!Objects.equals(before.get(name), now.get(name))) {
                changed.add(name + ": " + before.get(name) + " -> " + now.get(name));
            }
        }
        return changed;
    }
}
