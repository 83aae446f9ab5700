package io.augcon.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.core.output.RecordJournal.CommittedRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunJournalTest {
    private static final Map<String, String> SETTINGS = Map.of("--seed", "7", "--model", "m");

    @TempDir
    Path dir;

    private static CommittedRecord record(long index) {
        return new CommittedRecord(index, "id-" + index, index * 10, index * 10 + 10, "hash-" + index);
    }

    @Test
    void committedRecordsAndTheRunSurviveReopening() throws Exception {
        Path file = dir.resolve("augcon.db");
        try (RunJournal journal = RunJournal.open(file)) {
            assertThat(journal.begin("out.jsonl", 7, SETTINGS, false)).isEmpty();
            journal.commit(List.of(record(0), record(1)));
            journal.commit(List.of(record(2)));
            journal.end(RunStatus.STOPPED_AT_BUDGET);
        }
        try (RunJournal journal = RunJournal.open(file)) {
            RunJournal.RunInfo previous = journal.previousRun().orElseThrow();
            assertThat(previous.status()).isEqualTo(RunStatus.STOPPED_AT_BUDGET);
            assertThat(previous.records()).isEqualTo(3);
            assertThat(previous.seed()).isEqualTo(7);
            assertThat(journal.committedCount()).isEqualTo(3);
            assertThat(journal.committed(1)).isEqualTo(record(1));
            assertThat(journal.begin("out.jsonl", 7, SETTINGS, false)).contains(previous);
            assertThat(journal.previousRun().orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
        }
    }

    @Test
    void aRecordThatDoesNotContinueTheCommittedOnesIsRefused() throws Exception {
        try (RunJournal journal = RunJournal.open(dir.resolve("augcon.db"))) {
            journal.begin("out.jsonl", 7, SETTINGS, false);
            journal.commit(List.of(record(0)));
            assertThatThrownBy(() -> journal.commit(List.of(record(2)))).hasMessageContaining("does not follow the 1");
            assertThatThrownBy(() -> journal.committed(1)).hasMessageContaining("not committed");
            assertThat(journal.committedCount()).isEqualTo(1);
        }
    }

    @Test
    void otherSettingsForTheSameOutputAreRefusedNamingTheChangedOne() throws Exception {
        try (RunJournal journal = RunJournal.open(dir.resolve("augcon.db"))) {
            journal.begin("out.jsonl", 7, SETTINGS, false);
            journal.commit(List.of(record(0)));
            Map<String, String> other = Map.of("--seed", "8", "--model", "m");
            assertThatThrownBy(() -> journal.begin("out.jsonl", 8, other, false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--seed: 7 -> 8")
                    .hasMessageNotContaining("--model");
            assertThat(journal.committedCount()).isEqualTo(1);
        }
    }

    @Test
    void freshOrAnotherOutputStartsTheRecordsOver() throws Exception {
        try (RunJournal journal = RunJournal.open(dir.resolve("augcon.db"))) {
            journal.begin("out.jsonl", 7, SETTINGS, false);
            journal.commit(List.of(record(0)));
            assertThat(journal.begin("other.jsonl", 7, SETTINGS, false)).isEmpty();
            assertThat(journal.committedCount()).isZero();
            journal.commit(List.of(record(0)));
            assertThat(journal.begin("other.jsonl", 8, Map.of("--seed", "8"), true)).isEmpty();
            assertThat(journal.committedCount()).isZero();
            assertThat(journal.previousRun().orElseThrow().settings()).containsExactly(Map.entry("--seed", "8"));
        }
    }

    @Test
    void theJournalSharesItsFileWithTheAnswerStore() throws Exception {
        Path file = dir.resolve("augcon.db");
        try (RunJournal journal = RunJournal.open(file); SqliteAnswerStore store = SqliteAnswerStore.open(file)) {
            journal.begin("out.jsonl", 7, SETTINGS, false);
            store.put("k", io.augcon.api.LlmResponse.of("a"));
            journal.commit(List.of(record(0)));
            assertThat(store.get("k").text()).isEqualTo("a");
            assertThat(journal.committedCount()).isEqualTo(1);
        }
    }
}
