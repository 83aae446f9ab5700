package io.augcon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code generate} checks its input paths and settings before it creates the work dir or the output. */
class OrderOfChecksCliTest {
    @TempDir
    Path dir;

    private Path corpus;
    private Path output;
    private Path work;

    @BeforeEach
    void paths() throws Exception {
        corpus = Files.createDirectories(dir.resolve("in"));
        Files.writeString(corpus.resolve("tides.txt"), BadInputCliTest.GOOD, StandardCharsets.UTF_8);
        output = dir.resolve("out").resolve("sft.jsonl");
        work = dir.resolve("work");
    }

    private CliRun generate(Path input, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("generate", "--input", input.toString(), "--output", out.toString(),
                "--work-dir", work.toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    private void nothingWasCreated() {
        assertThat(work).doesNotExist();
        assertThat(output).doesNotExist();
        assertThat(output.getParent()).doesNotExist();
    }

    @Test
    void aMissingInputLeavesNoWorkDirAndNoOutput() {
        CliRun run = generate(dir.resolve("nope"), output);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("nope");
        nothingWasCreated();
    }

    @Test
    void aMissingScorerFileLeavesNoWorkDirAndNoOutput() {
        CliRun run = generate(corpus, output, "--scorer", dir.resolve("missing.model").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("missing.model");
        nothingWasCreated();
    }

    @Test
    void aSettingThatNeedsAnotherLeavesNoWorkDirAndNoOutput() {
        CliRun run = generate(corpus, output, "--train-scorer");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--train-scorer needs --base-url");
        nothingWasCreated();
    }

    @Test
    void anOutputThatIsADirectoryIsBadUsageBeforeTheWorkDirIsCreated() throws Exception {
        Path taken = Files.createDirectories(dir.resolve("taken"));
        CliRun run = generate(corpus, taken);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains("--output: " + taken + " is a directory");
        assertThat(work).doesNotExist();
    }
}
