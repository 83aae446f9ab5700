package io.augcon.llm.batch;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link BatchBackend} must not forget across a crash: each round's request keys before
 * its upload, then its file id and its batch id as soon as they exist, then that it ended. A
 * rerun with the same journal polls the batches already created instead of creating them again,
 * and uploads again only a round whose upload was never recorded. Each call returns once its
 * record would survive a crash.
 *
 * <pre>{@code
 * try (BatchJournal journal = BatchJournal.inDirectory(workDir)) {
 *     List<BatchJournal.OpenRound> left = journal.openRounds();
 * }
 * }</pre>
 */
public interface BatchJournal extends Closeable {

    /** The file {@link #inDirectory} keeps the journal in. */
    String FILE_NAME = "batches.jsonl";

    /**
     * A round that was planned and has not ended.
     *
     * @param round   its number
     * @param keys    the custom ids of its requests
     * @param fileId  its uploaded input, or {@code null} when the upload was not recorded
     * @param batchId its batch, or {@code null} when the batch was not recorded
     */
    record OpenRound(int round, List<String> keys, String fileId, String batchId) {
        /** Copies the keys. */
        public OpenRound {
            keys = List.copyOf(keys);
        }
    }

    /** The rounds planned and not ended, in round order. */
    List<OpenRound> openRounds();

    /** The highest round number recorded, 0 for none. */
    int lastRound();

    /** Round {@code round} holds the requests {@code keys}; recorded before its upload. */
    void planned(int round, List<String> keys) throws IOException;

    /** Round {@code round}'s input was uploaded as {@code fileId}. */
    void uploaded(int round, String fileId) throws IOException;

    /** Round {@code round}'s batch is {@code batchId}. */
    void created(int round, String batchId) throws IOException;

    /** Round {@code round} ended {@code how} (its batch's phase, or why it was given up). */
    void ended(int round, String how) throws IOException;

    /**
     * The journal in {@code dir}'s {@value #FILE_NAME}, created when absent: one JSON line per
     * record, each forced to disk before the call returns; a line cut short by a crash is dropped.
     */
    static BatchJournal inDirectory(Path dir) throws IOException {
        return JsonlBatchJournal.open(Objects.requireNonNull(dir, "dir").resolve(FILE_NAME));
    }

    /** A journal that lives as long as the process: a run with it cannot resume its batches. */
    static BatchJournal inMemory() {
        return JsonlBatchJournal.inMemory();
    }
}
