package io.augcon.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.augcon.api.Document;
import io.augcon.api.SftRecord;
import io.augcon.core.AugCon;
import io.augcon.core.output.JsonlRecordWriter;
import io.augcon.core.output.RecordFormat;
import io.augcon.core.output.RecordSink;
import io.augcon.testkit.ScriptedLlm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code augcon report} reads a Spark job's output as it is written: a directory of JSONL part
 * files beside Spark's checksums and marker, with the provenance as a JSON string (issue 15).
 */
class SparkPartFilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aDirectoryOfPartFilesReadsAsTheRecordsInPartOrderWithProvenanceAsAString() throws Exception {
        Path single = dir.resolve("single.jsonl");
        try (RecordSink sink = JsonlRecordWriter.create(single, RecordFormat.AUGCON)) {
            AugCon.builder().llm(ScriptedLlm.immediate()).build()
                    .run(Stream.of(Document.of("tides", RunLedgerTest.TIDES), Document.of("again", RunLedgerTest.TIDES)), sink);
        }
        List<String> lines = Files.readAllLines(single, StandardCharsets.UTF_8);
        assertThat(lines).hasSizeGreaterThan(2);
        Path output = Files.createDirectories(dir.resolve("spark-out"));
        int half = lines.size() / 2;
        Files.write(output.resolve("part-00000-c0ffee.json"), provenanceAsString(lines.subList(0, half)), StandardCharsets.UTF_8);
        Files.write(output.resolve("part-00001-c0ffee.json"), provenanceAsString(lines.subList(half, lines.size())),
                StandardCharsets.UTF_8);
        Files.writeString(output.resolve(".part-00000-c0ffee.json.crc"), "not records");
        Files.writeString(output.resolve("_SUCCESS"), "");

        List<SftRecord> fromFile = new ArrayList<>();
        List<SftRecord> fromParts = new ArrayList<>();
        AugconRecords.forEach(single, fromFile::add);
        assertThat(AugconRecords.forEach(output, fromParts::add)).isEqualTo(lines.size());
        assertThat(fromParts).isEqualTo(fromFile);
        assertThat(fromParts.get(0).provenance()).isNotEmpty();
    }

    @Test
    void aDirectoryWithoutPartFilesIsNamed() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(empty.resolve("_SUCCESS"), "");

        assertThatThrownBy(() -> AugconRecords.forEach(empty, r -> { })).hasMessageContaining(empty + ": a directory without part-* files");
    }

    /** The lines as Spark's JSON writer puts a string column holding the provenance. */
    private static List<String> provenanceAsString(List<String> lines) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            ObjectNode record = (ObjectNode) JSON.readTree(line);
            record.put("provenance", JSON.writeValueAsString(record.get("provenance")));
            out.add(JSON.writeValueAsString(record));
        }
        return out;
    }
}
