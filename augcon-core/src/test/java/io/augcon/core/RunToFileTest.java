package io.augcon.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.core.run.RunSummary;
import io.augcon.testkit.ScriptedLlm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunToFileTest {
    @TempDir
    Path dir;

    @Test
    void aCorpusFolderBecomesAJsonlFileOfAugconRecords() throws Exception {
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(docs.resolve("tides.txt"), AugConPipelineTest.TIDES, StandardCharsets.UTF_8);
        Path out = dir.resolve("sft.jsonl");

        RunSummary summary = AugCon.builder().llm(ScriptedLlm.immediate()).build().run(docs, out);

        assertThat(summary.records()).isPositive();
        assertThat(Files.readAllLines(out, StandardCharsets.UTF_8)).hasSize((int) summary.records())
                .allSatisfy(line -> assertThat(line).contains("\"query\"").contains("\"root_id\""));
    }

    @Test
    void aMissingCorpusFailsBeforeAnyOutputIsCreated() {
        Path out = dir.resolve("sft.jsonl");
        assertThatThrownBy(() -> AugCon.builder().llm(ScriptedLlm.immediate()).build().run(dir.resolve("nope"), out))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("nope");
        assertThat(out).doesNotExist();
    }

    @Test
    void aCorpusFileOfATypeTheReaderSkipsFailsBeforeAnyOutputIsCreated() throws Exception {
        Path pdf = Files.writeString(dir.resolve("tides.pdf"), AugConPipelineTest.TIDES, StandardCharsets.UTF_8);
        Path out = dir.resolve("sft.jsonl");
        assertThatThrownBy(() -> AugCon.builder().llm(ScriptedLlm.immediate()).build().run(pdf, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tides.pdf");
        assertThat(out).doesNotExist();
    }
}
