package io.augcon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code generate --report / --global-dedup} and {@code report --journal} on one sample document given twice. */
class ReportCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path corpus;

    @BeforeAll
    static void twoCopiesOfOneDocument() throws Exception {
        corpus = Files.createDirectories(dir.resolve("corpus"));
        Path sample = CliRun.SAMPLES.resolve("en/bicycle-gears.md");
        Files.copy(sample, corpus.resolve("gears.md"));
        Files.copy(sample, corpus.resolve("gears-copy.md"));
    }

    @Test
    void generateWritesTheReportAndRunFactsAndGlobalDedupLeavesNoCrossRootNearDuplicates() throws Exception {
        Path out = dir.resolve("dedup.jsonl");
        Path work = dir.resolve("work-dedup");
        Path html = dir.resolve("dedup.html");
        Path json = dir.resolve("dedup.json");
        CliRun run = CliRun.of("generate", "--input", corpus.toString(), "--output", out.toString(), "--format", "alpaca",
                "--work-dir", work.toString(), "--global-dedup", "--report", html.toString(), "--report-json", json.toString(),
                "--report-encoder", "none");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("cross-root duplicates dropped");
        JsonNode facts = JSON.readTree(work.resolve("run-summary.json").toFile());
        JsonNode report = JSON.readTree(json.toFile());
        long lines = Files.readAllLines(out).size();
        assertThat(report.at("/totals/records").asLong()).isEqualTo(lines).isEqualTo(facts.get("records").asLong());
        assertThat(facts.get("cross_root_duplicates").asLong()).isPositive();
        assertThat(report.at("/near_duplicates/queries").asLong()).as("the same index and threshold find none left").isZero();
        assertThat(report.at("/run/summary/near_duplicates_across_roots_dropped").asLong())
                .isEqualTo(facts.get("cross_root_duplicates").asLong());
        assertThat(Files.readString(html)).contains("<svg class=\"chart\"", "Quota fill", "Near-duplicates across roots");
    }

    @Test
    void reportReadsRecordsAndTheWorkDirOfAnEarlierRun() throws Exception {
        Path out = dir.resolve("plain.jsonl");
        Path work = dir.resolve("work-plain");
        assertThat(CliRun.of("generate", "--input", corpus.toString(), "--output", out.toString(), "--work-dir",
                work.toString()).exitCode()).isZero();
        Path json = dir.resolve("plain.json");
        Path html = dir.resolve("plain.html");
        CliRun run = CliRun.of("report", "--input", out.toString(), "--journal", work.toString(), "--output",
                html.toString(), "--json", json.toString(), "--encoder", "none");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("reported on " + Files.readAllLines(out).size() + " records");

        // A Spark job's output directory (part files, checksums, marker) reads as the same records.
        Path parts = Files.createDirectories(dir.resolve("spark-out"));
        Files.copy(out, parts.resolve("part-00000-a1.json"));
        Files.writeString(parts.resolve("_SUCCESS"), "");
        CliRun fromParts = CliRun.of("report", "--input", parts.toString(), "--json", dir.resolve("parts.json").toString(),
                "--encoder", "none");
        assertThat(fromParts.exitCode()).as(fromParts.err()).isZero();
        assertThat(fromParts.out()).contains("reported on " + Files.readAllLines(out).size() + " records from " + parts);
        JsonNode report = JSON.readTree(json.toFile());
        assertThat(report.at("/near_duplicates/queries").asLong()).as("the copy repeats the original").isPositive();
        assertThat(report.at("/run/roots_owing").asLong()).isPositive();
        assertThat(report.at("/diversity/embedding_dispersion").isNull()).isTrue();
        assertThat(Files.readString(html)).contains("Kept queries by tree depth");
    }

    @Test
    void badUsageAndBadInputExitWithTwoAndSayWhat() throws Exception {
        Path alpaca = dir.resolve("alpaca.jsonl");
        Files.writeString(alpaca, "{\"instruction\": \"q\", \"input\": \"\", \"output\": \"a\"}\n");
        CliRun wrongFormat = CliRun.of("report", "--input", alpaca.toString(), "--json", dir.resolve("x.json").toString());
        assertThat(wrongFormat.exitCode()).isEqualTo(2);
        assertThat(wrongFormat.err()).contains("alpaca.jsonl:1: field 'id' missing");

        CliRun noJournal = CliRun.of("report", "--input", alpaca.toString(), "--journal", dir.resolve("nowhere").toString(),
                "--json", dir.resolve("x.json").toString());
        assertThat(noJournal.exitCode()).isEqualTo(2);
        assertThat(noJournal.err()).contains("run-summary.json");

        CliRun noOutput = CliRun.of("report", "--input", alpaca.toString());
        assertThat(noOutput.exitCode()).isEqualTo(2);
        assertThat(noOutput.err()).contains("give --output FILE (HTML) and/or --json FILE");
    }
}
