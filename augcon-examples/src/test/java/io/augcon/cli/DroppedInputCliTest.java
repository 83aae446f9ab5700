package io.augcon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code generate} names every piece of input it drops, says why a run wrote nothing, and lets the floor move. */
class DroppedInputCliTest {
    /** Three paragraphs of 60, 65 and 73 characters: each at most the default floor of 100. */
    static final List<String> PARAGRAPHS = List.of("Tides rise and fall twice a day on most coasts of the world.",
            "The Moon pulls the ocean toward it as the Earth turns beneath it.",
            "The Sun adds a smaller pull of its own, about half as strong as the Moon.");
    static final String NOTES = String.join("\n\n", PARAGRAPHS) + "\n";
    static final long SHORT_CHARS = PARAGRAPHS.stream().mapToInt(String::length).sum();

    @TempDir
    Path dir;

    private Path corpus;

    @BeforeEach
    void writeCorpus() throws Exception {
        corpus = Files.createDirectories(dir.resolve("in"));
        Files.writeString(corpus.resolve("notes.txt"), NOTES, StandardCharsets.UTF_8);
    }

    @Test
    void shortParagraphsAreNamedInTheSummaryAndTheReportAndSaidToBeWhyNothingCameOut() throws Exception {
        Path out = dir.resolve("out.jsonl");
        Path work = dir.resolve("work");
        Path json = dir.resolve("report.json");
        CliRun run = CliRun.of("generate", "--input", corpus.toString(), "--output", out.toString(), "--work-dir",
                work.toString(), "--report-json", json.toString(), "--report-encoder", "none");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Files.readAllLines(out)).isEmpty();
        assertThat(run.err()).contains("augcon: input dropped: empty_document 1 (" + NOTES.length()
                + " chars), short_paragraph 3 (" + SHORT_CHARS + " chars)");
        assertThat(run.err()).contains("augcon: no records: no root context was cut from 1 document: all 3 paragraphs ("
                + SHORT_CHARS + " chars) were at most min_paragraph_chars long (--min-paragraph-chars");
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.at("/run/summary/input_dropped/short_paragraph/count").asLong()).isEqualTo(3);
        assertThat(report.at("/run/summary/input_dropped/short_paragraph/chars").asLong()).isEqualTo(SHORT_CHARS);
        JsonNode facts = new ObjectMapper().readTree(work.resolve("run-summary.json").toFile());
        assertThat(facts.at("/dropped/empty_document/count").asLong()).isEqualTo(1);
    }

    @Test
    void minParagraphChars20KeepsTheShortParagraphs() throws Exception {
        Path out = dir.resolve("kept.jsonl");
        CliRun run = CliRun.of("generate", "--input", corpus.toString(), "--output", out.toString(),
                "--min-paragraph-chars", "20");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(CliRun.records(out)).isNotEmpty();
        assertThat(run.err()).contains("augcon: input dropped: none").doesNotContain("no records");
    }

    @Test
    void aNegativeMinParagraphCharsIsBadUsageNamingTheOption() {
        CliRun run = CliRun.of("generate", "--input", corpus.toString(), "--output", dir.resolve("o.jsonl").toString(),
                "--min-paragraph-chars", "-1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--min-paragraph-chars must be >= 0, was -1");
    }

    @Test
    void theDryRunCountsWhatTheRunWouldDrop() {
        CliRun run = CliRun.of("generate", "--input", corpus.toString(), "--output", dir.resolve("o.jsonl").toString(),
                "--dry-run");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("dry run: input dropped: empty_document 1 (" + NOTES.length()
                + " chars), short_paragraph 3 (" + SHORT_CHARS + " chars)");
    }
}
