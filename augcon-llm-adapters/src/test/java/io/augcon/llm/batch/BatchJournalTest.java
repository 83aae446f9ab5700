package io.augcon.llm.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchJournalTest {
    @TempDir
    Path dir;

    @Test
    void aReopenedJournalHoldsTheRoundsNotEndedWithTheirFileAndBatch() throws IOException {
        try (BatchJournal journal = BatchJournal.inDirectory(dir)) {
            journal.planned(1, List.of("a", "b"));
            journal.uploaded(1, "file-1");
            journal.created(1, "batch-1");
            journal.ended(1, "completed");
            journal.planned(2, List.of("c"));
            journal.uploaded(2, "file-2");
            journal.planned(3, List.of("d"));
        }
        try (BatchJournal journal = BatchJournal.inDirectory(dir)) {
            assertThat(journal.openRounds()).containsExactly(
                    new BatchJournal.OpenRound(2, List.of("c"), "file-2", null),
                    new BatchJournal.OpenRound(3, List.of("d"), null, null));
            assertThat(journal.lastRound()).isEqualTo(3);
        }
    }

    @Test
    void aLineCutShortByACrashIsDroppedAndTheNextRecordStartsOnALineOfItsOwn() throws IOException {
        try (BatchJournal journal = BatchJournal.inDirectory(dir)) {
            journal.planned(1, List.of("a"));
        }
        Path file = dir.resolve(BatchJournal.FILE_NAME);
        Files.writeString(file, "{\"round\":1,\"fi", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (BatchJournal journal = BatchJournal.inDirectory(dir)) {
            assertThat(journal.openRounds()).containsExactly(new BatchJournal.OpenRound(1, List.of("a"), null, null));
            journal.uploaded(1, "file-9");
        }
        try (BatchJournal journal = BatchJournal.inDirectory(dir)) {
            assertThat(journal.openRounds()).containsExactly(new BatchJournal.OpenRound(1, List.of("a"), "file-9", null));
        }
    }

    @Test
    void aWholeLineThatIsNotARecordNamesTheFileAndLine() throws IOException {
        Files.writeString(dir.resolve(BatchJournal.FILE_NAME), "{\"round\":1,\"planned\":[]}\nnot json\n");
        assertThatThrownBy(() -> BatchJournal.inDirectory(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("line 2 of").hasMessageContaining(BatchJournal.FILE_NAME);
    }
}
