package io.augcon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.core.config.AugConConfig;
import io.augcon.core.filter.Quota;
import io.augcon.core.tree.SplitMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** generate leaves the run's whole configuration in the work dir, as the library reads it. */
class ConfigFileCliTest {
    @TempDir
    Path dir;

    @Test
    void theWorkDirHoldsTheRunsConfigurationAsJson() throws Exception {
        Path work = dir.resolve("work");
        CliRun run = CliRun.of("generate", "--input", CliRun.SAMPLES.resolve("en").toString(),
                "--output", dir.resolve("o.jsonl").toString(), "--work-dir", work.toString(),
                "--seed", "9", "--words-per-pair", "20", "--split", "numbered", "--min-context-chars", "30");
        assertThat(run.exitCode()).as(run.err()).isZero();

        AugConConfig saved = AugConConfig.fromJson(Files.readString(work.resolve(GenerateCommand.CONFIG_FILE),
                StandardCharsets.UTF_8));
        assertThat(saved.seed()).isEqualTo(9);
        assertThat(saved.selection().quota()).isEqualTo(Quota.perWords(20));
        assertThat(saved.tree().splitMode()).isEqualTo(SplitMode.NUMBERED);
        assertThat(saved.tree().rules().minContextChars()).isEqualTo(30);
        assertThat(saved.withSeed(0)).isNotEqualTo(AugConConfig.DEFAULTS);
    }
}
