package io.augcon.core.output;

import java.io.IOException;
import java.util.List;

/**
 * The durable list of records committed to an output file, in output order, which lets a run
 * killed at any point resume without a torn line, a duplicate or a lost record. {@link
 * ResumableJsonlWriter} is its user; {@code augcon-store} holds an SQLite implementation, so
 * core stays free of native libraries.
 *
 * <p>A record counts as written only once it is committed here, and it is committed only after
 * its line is in the file: whatever the file holds past the last committed record is a leftover
 * of a crash and is cut on resume.
 */
public interface RecordJournal {

    /** Records committed so far. */
    long committedCount() throws IOException;

    /**
     * The committed record at {@code index} (0 for the first written).
     *
     * @throws IllegalArgumentException when {@code index} is not below {@link #committedCount()}
     */
    CommittedRecord committed(long index) throws IOException;

    /** Appends {@code records} (which continue the committed indexes) all at once or not at all. */
    void commit(List<CommittedRecord> records) throws IOException;

    /** Forgets every committed record: the output is started over. */
    void clear() throws IOException;

    /**
     * One record's place in the output.
     *
     * @param index    its position in the output, from 0
     * @param id       the record's id
     * @param start    the byte offset of its line
     * @param end      the byte offset after its line end
     * @param lineHash SHA-256 of the line's bytes (with the line end), in hex
     */
    record CommittedRecord(long index, String id, long start, long end, String lineHash) {
        /**
         * Checks the place.
         *
         * @throws IllegalArgumentException if {@code index} or {@code start} is negative, or the
         *         line is empty ({@code end <= start})
         */
        public CommittedRecord {
            if (index < 0 || start < 0 || end <= start) {
                throw new IllegalArgumentException("bad committed record: index " + index + ", bytes " + start + ".." + end);
            }
        }
    }
}
