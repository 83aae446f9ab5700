package io.augcon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augcon.testkit.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** stdout is the user's: empty when the records go to a file, nothing but records with {@code --output -}. */
class StdoutCliTest {
    private static final Path CHINESE = CliRun.SAMPLES.resolve("zh/tea-processing.txt");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aChineseDocumentWrittenToAFileLeavesStdoutEmpty() throws Exception {
        Path output = dir.resolve("tea.jsonl");
        CliRun run = CliRun.of("generate", "--input", CHINESE.toString(), "--output", output.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("wrote " + CliRun.records(output).size() + " records to " + output);
    }

    @Test
    void outputDashPutsOnlyTheRecordsOnTheProcessStdout() throws Exception {
        Process process = new ProcessBuilder(ChildJvm.command("1g", AugConCli.class, "generate",
                "--input", CHINESE.toString(), "--output", "-", "--work-dir", dir.resolve("work").toString()))
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
        process.getOutputStream().close();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        String stderr = Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);

        assertThat(process.exitValue()).as(stderr).isZero();
        List<String> lines = stdout.lines().toList();
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            JsonNode record = JSON.readTree(line);
            assertThat(record.fieldNames()).toIterable().containsAll(OfflineCliTest.AUGCON_FIELDS);
            assertThat(record.get("language").asText()).isEqualTo("zh");
        }
        Matcher wrote = Pattern.compile("wrote (\\d+) records to stdout").matcher(stderr);
        assertThat(wrote.find()).as(stderr).isTrue();
        assertThat(lines).hasSize(Integer.parseInt(wrote.group(1)));
        assertThat(Files.exists(Path.of("-"))).as("no file named -").isFalse();
        assertThat(stderr).as("jieba's load time, silenced on stdout, is in the summary")
                .containsPattern("augcon: wall time [0-9.]+ s \\(tokenizer load: zh [0-9.]+ s\\)");
    }
}
