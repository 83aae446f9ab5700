package io.augcon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BadInputCliTest {
    static final String GOOD = "{\"id\": \"tides\", \"text\": \"Tides rise and fall twice a day on most coasts. "
            + "The Moon pulls the ocean toward it as the Earth turns. The Sun adds a smaller pull of its own.\"}";

    @TempDir
    Path dir;

    private Path corpus() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.writeString(in.resolve("a.jsonl"), GOOD + "\n{not json\n{\"title\": \"no text\"}\n", StandardCharsets.UTF_8);
        Files.write(in.resolve("b.txt"), new byte[] {'o', 'k', ' ', (byte) 0xC3, (byte) 0x28, '\n'});
        return in;
    }

    @Test
    void badDocumentsAreSkippedNamedAndCounted() throws Exception {
        Path output = dir.resolve("out.jsonl");
        CliRun run = CliRun.of("generate", "--input", corpus().toString(), "--output", output.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("a.jsonl:2").contains("a.jsonl:3").contains("b.txt");
        assertThat(CliRun.records(output)).isNotEmpty().allSatisfy(r -> assertThat(r.get("document_id").asText()).isEqualTo("tides"));
        assertThat(run.err()).contains("bad input skipped 3");
    }

    @Test
    void strictStopsAtTheFirstBadInputWithExit2() throws Exception {
        CliRun run = CliRun.of("generate", "--input", corpus().toString(), "--output", dir.resolve("out.jsonl").toString(), "--strict");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().filter(l -> l.contains("bad input")).count()).isEqualTo(1);
        assertThat(run.err()).contains("a.jsonl:2");
    }

    @Test
    void aMissingInputIsBadUsage() {
        CliRun run = CliRun.of("generate", "--input", dir.resolve("nope").toString(), "--output", dir.resolve("o.jsonl").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("nope");
    }

    @Test
    void badOptionValuesAreBadUsageNamingTheOption() {
        CliRun run = CliRun.of("generate", "--input", ".", "--output", dir.resolve("o.jsonl").toString(), "--format", "csv");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("csv");
        CliRun threshold = CliRun.of("generate", "--input", ".", "--output", dir.resolve("o.jsonl").toString(), "--rouge-threshold", "3");
        assertThat(threshold.exitCode()).isEqualTo(2);
        assertThat(threshold.err()).contains("--rouge-threshold must be in (0, 1], was 3.0");
        CliRun missing = CliRun.of("generate", "--output", dir.resolve("o.jsonl").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--input");
    }
}
