package io.augcon.golden;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.cli.AugConCli;
import io.augcon.core.AugCon;
import io.augcon.core.AugConBuilder;
import io.augcon.core.output.JsonlRecordWriter;
import io.augcon.core.output.RecordFormat;
import io.augcon.core.output.RecordSink;
import io.augcon.core.tree.SplitMode;
import io.augcon.testkit.ScriptedLlm;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins the records of the sample corpus byte for byte, so that a change meant to keep behaviour
 * (a refactoring, a move, a new configuration shape) shows at once when it does not. The digests
 * were taken from the code before the configuration redesign (issue 12); a change that alters
 * records on purpose updates them in the same commit and says why. On a mismatch the file is
 * left under {@code target/golden/} for a diff.
 */
class SameRecordsGoldenTest {
    private static final Path SAMPLES = Path.of("samples").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void offlineMainJobOnTheSamples() throws Exception {
        Path out = dir.resolve("offline.jsonl");
        StringWriter err = new StringWriter();
        int code = AugConCli.run(new String[] {"generate", "--input", SAMPLES.toString(), "--output", out.toString()},
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertThat(code).as(err.toString()).isZero();
        assertDigest(out, "offline", "OFFLINE");
    }

    @Test
    void scriptedLlmRewriteSplitOnTheSamples() throws Exception {
        assertDigest(library(AugCon.builder().llm(ScriptedLlm.immediate()).seed(3)), "rewrite", "REWRITE");
    }

    @Test
    void scriptedLlmNumberedSplitOnTheSamples() throws Exception {
        assertDigest(library(AugCon.builder().llm(ScriptedLlm.immediate()).tree(t -> t.withSplitMode(SplitMode.NUMBERED)).seed(3)),
                "numbered", "NUMBERED");
    }

    private Path library(AugConBuilder builder) throws Exception {
        Path out = dir.resolve("library.jsonl");
        try (RecordSink sink = JsonlRecordWriter.create(out, RecordFormat.AUGCON)) {
            builder.build().run(SAMPLES, sink);
        }
        return out;
    }

    private static void assertDigest(Path file, String name, String expectedKey) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        String expected = Expected.valueOf(expectedKey).sha256;
        if (!actual.equals(expected)) {
            Path kept = Path.of("target", "golden", name + ".jsonl");
            Files.createDirectories(kept.getParent());
            Files.write(kept, bytes);
        }
        assertThat(actual).as("SHA-256 of the %s records (%d bytes, %d lines)", name, bytes.length,
                Files.readAllLines(file).size()).isEqualTo(expected);
    }

    private enum Expected {
        OFFLINE("0e9dc82d21516cb6cedebf770bc2f5f672bf0321fb8dd2fd9eb280b56cd6efa5"),
        REWRITE("1a4bcdc388beaaf638e2cffdf6d90fc5b1492e16bc5814900d22f47d93a0f54a"),
        NUMBERED("3e4ede03a61b322acd1c1bf6a851f21183d5433bf0c50a0fbb26d874584b2151");

        final String sha256;

        Expected(String sha256) {
            this.sha256 = sha256;
        }
    }
}
