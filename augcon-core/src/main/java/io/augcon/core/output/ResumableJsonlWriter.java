package io.augcon.core.output;

import io.augcon.api.SftRecord;
import io.augcon.core.output.RecordJournal.CommittedRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A JSON Lines {@link RecordSink} that survives being killed at any point: it resumes the output
 * its {@link RecordJournal} describes instead of starting it over.
 *
 * <p>Opening cuts the file back to the end of the last committed record (dropping a torn line or
 * lines written but not committed before a crash) after checking that record's bytes. The rerun
 * produces its records again from the start; the first {@link RecordJournal#committedCount()} are
 * checked against the journal (same id and the same line, in order) and not written again, the
 * rest are appended. On {@link #flush()} (after each root) pending lines are written and forced to
 * the disk first and committed to the journal second, so a crash between the two leaves lines the
 * next resume cuts, never a committed record that is missing from the file.
 *
 * <pre>{@code
 * try (ResumableJsonlWriter out = ResumableJsonlWriter.open(Path.of("sft.jsonl"), RecordFormat.AUGCON, journal)) {
 *     augcon.run(corpus, out);
 * }
 * }</pre>
 */
public final class ResumableJsonlWriter implements RecordSink {
    private final Path file;
    private final RecordFormat format;
    private final RecordJournal journal;
    private final FileChannel channel;
    private final long alreadyCommitted;
    private final boolean restarted;
    private final List<CommittedRecord> pending = new ArrayList<>();
    private final List<byte[]> pendingLines = new ArrayList<>();
    private long produced;
    private long position;

    private ResumableJsonlWriter(Path file, RecordFormat format, RecordJournal journal, boolean restarted) throws IOException {
        this.file = file;
        this.format = format;
        this.journal = journal;
        this.restarted = restarted;
        this.alreadyCommitted = journal.committedCount();
        this.position = alreadyCommitted == 0 ? 0 : journal.committed(alreadyCommitted - 1).end();
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            checkLastCommitted();
            channel.truncate(position);
            channel.position(position);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Opens {@code file} for a run that writes the records in {@code format}, resuming what
     * {@code journal} committed. When the journal holds records but the file is gone, the
     * journal is cleared and the output starts over ({@link #restarted()}).
     *
     * @throws JournalMismatchException when the file is shorter than the committed records or
     *                                  its last committed line differs from the journal's
     */
    public static ResumableJsonlWriter open(Path file, RecordFormat format, RecordJournal journal) throws IOException {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(journal, "journal");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        boolean restarted = false;
        if (journal.committedCount() > 0 && !Files.exists(file)) {
            journal.clear();
            restarted = true;
        }
        return new ResumableJsonlWriter(file, format, journal, restarted);
    }

    private void checkLastCommitted() throws IOException {
        if (alreadyCommitted == 0) {
            return;
        }
        long size = channel.size();
        if (size < position) {
            throw new JournalMismatchException(file + " holds " + size + " bytes but its journal committed "
                    + alreadyCommitted + " records ending at byte " + position + ": the file was changed outside the run");
        }
        CommittedRecord last = journal.committed(alreadyCommitted - 1);
        ByteBuffer line = ByteBuffer.allocate(Math.toIntExact(last.end() - last.start()));
        while (line.hasRemaining()) {
            if (channel.read(line, last.start() + line.position()) < 0) {
                break;
            }
        }
        if (!hash(line.array()).equals(last.lineHash())) {
            throw new JournalMismatchException("line " + alreadyCommitted + " of " + file
                    + " is not the record its journal committed (id " + last.id() + "): the file was changed outside the run");
        }
    }

    @Override
    public void write(SftRecord record) throws IOException {
        byte[] line = (JsonlRecordWriter.line(record, format) + "\n").getBytes(StandardCharsets.UTF_8);
        long index = produced++;
        if (index < alreadyCommitted) {
            CommittedRecord committed = journal.committed(index);
            if (!committed.id().equals(record.id()) || !committed.lineHash().equals(hash(line))) {
                throw new JournalMismatchException("record " + (index + 1) + " of the resumed run (id " + record.id()
                        + ") differs from the one the journal committed for " + file + " (id " + committed.id()
                        + "): the run does not reproduce the interrupted one (other settings or answers?)");
            }
            return;
        }
        pending.add(new CommittedRecord(index, record.id(), position, position + line.length, hash(line)));
        pendingLines.add(line);
        position += line.length;
    }

    /** Writes the pending lines, forces them to the disk, then commits them to the journal. */
    @Override
    public void flush() throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        for (byte[] line : pendingLines) {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
        channel.force(false);
        journal.commit(List.copyOf(pending));
        pending.clear();
        pendingLines.clear();
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            channel.close();
        }
    }

    /** Records the rerun produced again that were already committed, so not written again. */
    public long skipped() {
        return Math.min(produced, alreadyCommitted);
    }

    /**
     * After a run that ended normally: fails when it produced fewer records than the journal had
     * committed, i.e. it did not reproduce the interrupted run.
     */
    public void checkReproduced() throws JournalMismatchException {
        if (produced < alreadyCommitted) {
            throw new JournalMismatchException("the resumed run produced " + produced + " records but the journal of "
                    + file + " had committed " + alreadyCommitted + ": it does not reproduce the interrupted run");
        }
    }

    /** Records the journal held when the file was opened. */
    public long resumedFrom() {
        return alreadyCommitted;
    }

    /** True when the journal held records whose file was gone, so the output was started over. */
    public boolean restarted() {
        return restarted;
    }

    static String hash(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
