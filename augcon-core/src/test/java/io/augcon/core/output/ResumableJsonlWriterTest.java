package io.augcon.core.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.api.Language;
import io.augcon.api.SftRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumableJsonlWriterTest {
    @TempDir
    Path dir;

    /** A journal in memory that can be told to fail its next commit, as a kill between file and journal would. */
    private static final class MemoryJournal implements RecordJournal {
        final List<CommittedRecord> records = new ArrayList<>();
        boolean failNextCommit;

        @Override
        public long committedCount() {
            return records.size();
        }

        @Override
        public CommittedRecord committed(long index) {
            return records.get(Math.toIntExact(index));
        }

        @Override
        public void commit(List<CommittedRecord> batch) throws IOException {
            if (failNextCommit) {
                failNextCommit = false;
                throw new IOException("killed before the commit");
            }
            records.addAll(batch);
        }

        @Override
        public void clear() {
            records.clear();
        }
    }

    private static SftRecord record(int i) {
        return new SftRecord("id-" + i, "Question " + i + "?", "Answer " + i + ".", "context " + i, "doc", "doc#0", 1,
                null, Language.EN, 0, 100, "m", Map.of());
    }

    /** Writes records {@code from}..{@code to} (exclusive), flushing after each pair as roots would. */
    private static void write(ResumableJsonlWriter out, int from, int to) throws IOException {
        for (int i = from; i < to; i++) {
            out.write(record(i));
            if (i % 2 == 1) {
                out.flush();
            }
        }
    }

    private static String expected(int n) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            text.append(JsonlRecordWriter.line(record(i), RecordFormat.AUGCON)).append('\n');
        }
        return text.toString();
    }

    @Test
    void aRunWritesAndCommitsEveryRecord() throws Exception {
        Path file = dir.resolve("out/sft.jsonl");
        MemoryJournal journal = new MemoryJournal();
        try (ResumableJsonlWriter out = ResumableJsonlWriter.open(file, RecordFormat.AUGCON, journal)) {
            write(out, 0, 5);
        }
        assertThat(Files.readString(file)).isEqualTo(expected(5));
        assertThat(journal.records).extracting(RecordJournal.CommittedRecord::id)
                .containsExactly("id-0", "id-1", "id-2", "id-3", "id-4");
        assertThat(journal.records.get(4).end()).isEqualTo(Files.size(file));
    }

    @Test
    void aResumeCutsATornLineAndSkipsTheCommittedRecords() throws Exception {
        Path file = dir.resolve("sft.jsonl");
        MemoryJournal journal = new MemoryJournal();
        try (ResumableJsonlWriter out = ResumableJsonlWriter.open(file, RecordFormat.AUGCON, journal)) {
            write(out, 0, 4);
        }
        Files.writeString(file, "{\"id\":\"id-4\",\"que", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        try (ResumableJsonlWriter out = ResumableJsonlWriter.open(file, RecordFormat.AUGCON, journal)) {
            write(out, 0, 7);
            out.checkReproduced();
            assertThat(out.skipped()).isEqualTo(4);
        }
        assertThat(Files.readString(file)).isEqualTo(expected(7));
    }

    @Test
    void linesWrittenButNotCommittedAreCutAndWrittenOnceOnResume() throws Exception {
        Path file = dir.resolve("sft.jsonl");
        MemoryJournal journal = new MemoryJournal();
        ResumableJsonlWriter killed = ResumableJsonlWriter.open(file, RecordFormat.AUGCON, journal);
        write(killed, 0, 2);
        killed.write(record(2));
        killed.write(record(3));
        journal.failNextCommit = true;
        assertThatThrownBy(killed::flush).hasMessageContaining("killed");
        assertThat(Files.readString(file)).isEqualTo(expected(4));
        assertThat(journal.records).hasSize(2);

        try (ResumableJsonlWriter out = ResumableJsonlWriter.open(file, RecordFormat.AUGCON, journal)) {
            assertThat(Files.readString(file)).isEqualTo(expected(2));
            write(out, 0, 6);
        }
        assertThat(Files.readString(file)).isEqualTo(expected(6));
        assertThat(journal.records).hasSize(6);
    }

    @Test
    void aResumedRunThatProducesAnotherRecordIsRefused() throws Exception {
        Path file = dir.resolve("sft.jsonl");
        MemoryJournal journal = new MemoryJournal();
        try (ResumableJsonlWriter out = ResumableJsonlWriter.open(file, RecordFormat.AUGCON, journal)) {
            write(out, 0, 2);
        }
        try (ResumableJsonlWriter out = ResumableJsonlWriter.open(file, RecordFormat.AUGCON, journal)) {
            out.write(record(0));
            assertThatThrownBy(() -> out.write(record(5)))
                    .isInstanceOf(JournalMismatchException.class)
                    .hasMessageContaining("record 2 of the resumed run (id id-5)")
                    .hasMessageContaining("(id id-1)");
        }
        assertThat(Files.readString(file)).isEqualTo(expected(2));
    }

    @Test
    void aResumedRunThatEndsShortOfTheCommittedRecordsIsRefused() throws Exception {
        Path file = dir.resolve("sft.jsonl");
        MemoryJournal journal = new MemoryJournal();
        try (ResumableJsonlWriter out = ResumableJsonlWriter.open(file, RecordFormat.AUGCON, journal)) {
            write(out, 0, 4);
        }
        try (ResumableJsonlWriter out = ResumableJsonlWriter.open(file, RecordFormat.AUGCON, journal)) {
            write(out, 0, 3);
            assertThatThrownBy(out::checkReproduced).hasMessageContaining("produced 3 records").hasMessageContaining("committed 4");
        }
    }

    @Test
    void anOutputChangedOutsideTheRunIsRefusedAndAMissingOneStartsOver() throws Exception {
        Path file = dir.resolve("sft.jsonl");
        MemoryJournal journal = new MemoryJournal();
        try (ResumableJsonlWriter out = ResumableJsonlWriter.open(file, RecordFormat.AUGCON, journal)) {
            write(out, 0, 4);
        }
        Files.writeString(file, expected(4).replace("Answer 3.", "Answer X."));
        assertThatThrownBy(() -> ResumableJsonlWriter.open(file, RecordFormat.AUGCON, journal))
                .isInstanceOf(JournalMismatchException.class).hasMessageContaining("line 4 of " + file);
        Files.writeString(file, expected(3));
        assertThatThrownBy(() -> ResumableJsonlWriter.open(file, RecordFormat.AUGCON, journal))
                .isInstanceOf(JournalMismatchException.class).hasMessageContaining("changed outside the run");

        Files.delete(file);
        try (ResumableJsonlWriter out = ResumableJsonlWriter.open(file, RecordFormat.AUGCON, journal)) {
            assertThat(out.restarted()).isTrue();
            write(out, 0, 2);
        }
        assertThat(Files.readString(file)).isEqualTo(expected(2));
    }
}
