package io.augcon.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.api.Document;
import io.augcon.api.SftRecord;
import io.augcon.core.AugCon;
import io.augcon.core.output.JsonlRecordWriter;
import io.augcon.core.output.RecordFormat;
import io.augcon.core.output.RecordSink;
import io.augcon.core.run.RootFill;
import io.augcon.core.run.RunFacts;
import io.augcon.core.run.RunSummary;
import io.augcon.testkit.ScriptedLlm;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLedgerTest {
    static final String TIDES = "Tides rise and fall twice a day on most coasts of the world. "
            + "The Moon pulls the ocean toward it as the Earth turns beneath it. "
            + "The Sun adds a smaller pull of its own, about half as strong. "
            + "When the Sun and the Moon line up, at new and full moon, the tides are strongest and are called spring tides.";

    @TempDir
    Path dir;

    @Test
    void theLedgerAccountsForEveryRootAndRecordOfARunAndSurvivesTheWorkDirFile() throws Exception {
        RunLedger ledger = new RunLedger();
        AugCon augcon = AugCon.builder().llm(ScriptedLlm.immediate()).listener(ledger).selection(s -> s.withGlobalDedup(true)).build();
        Path out = dir.resolve("records.jsonl");
        RunSummary summary;
        try (RecordSink sink = JsonlRecordWriter.create(out, RecordFormat.AUGCON)) {
            summary = augcon.run(Stream.of(Document.of("one", TIDES), Document.of("two", TIDES)), sink);
        }
        RunFacts facts = ledger.facts(summary);
        assertThat(facts.rootFills()).hasSize((int) (summary.roots() - summary.rootsWithoutQuota()));
        assertThat(facts.rootFills().stream().mapToLong(RootFill::records).sum()).isEqualTo(summary.records());
        assertThat(facts.rootFills().stream().mapToLong(RootFill::quota).sum()).isEqualTo(summary.quota());
        assertThat(facts.rootFills().stream().mapToLong(RootFill::crossRootDuplicates).sum())
                .isEqualTo(summary.crossRootDuplicates()).isPositive();
        assertThat(facts.rootFills()).extracting(RootFill::rootId).startsWith("one#0");
        assertThat(facts.summary().llmCalls()).isEqualTo(summary.llmCalls());

        facts.writeTo(dir);
        assertThat(RunFacts.readFrom(dir)).isEqualTo(facts);
        assertThat(Files.readString(dir.resolve(RunFacts.FILE_NAME))).contains("\"root_fills\"", "\"cross_root_duplicates\"");

        List<SftRecord> read = new ArrayList<>();
        assertThat(AugconRecords.forEach(out, read::add)).isEqualTo(summary.records());
        assertThat(read.get(0).rootId()).isEqualTo("one#0");
        ReportBuilder builder = ReportBuilder.create();
        read.forEach(builder::add);
        DatasetReport report = builder.build(facts);
        assertThat(report.totals().records()).isEqualTo(summary.records());
        assertThat(report.run().rootsOwing()).isEqualTo(facts.rootFills().size());
    }

    @Test
    void aMissingRunSummaryAndABadRecordAreNamed() throws Exception {
        assertThatThrownBy(() -> RunFacts.readFrom(dir)).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(RunFacts.FILE_NAME);
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"instruction\": \"q\", \"output\": \"a\"}\n");
        assertThatThrownBy(() -> AugconRecords.forEach(bad, r -> { }))
                .hasMessageContaining("bad.jsonl:1: field 'id' missing");
        Files.writeString(bad, "\n{not json\n");
        assertThatThrownBy(() -> AugconRecords.forEach(bad, r -> { })).hasMessageContaining("bad.jsonl:2: not JSON");
    }
}
