package io.augcon.core.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.api.Language;
import io.augcon.api.SftRecord;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordFormatTest {
    private static SftRecord record(Double score) {
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("node_path", "12");
        provenance.put("demonstrations", List.of("en-1", "en-2"));
        return new SftRecord("abc", "Why \"tides\"?", "Because of the Moon.", "ctx", "doc", "doc#0", 2, score,
                Language.EN, 10, 90, "m", provenance);
    }

    @Test
    void augconLinesHoldEveryContractFieldInOrder() {
        assertThat(JsonlRecordWriter.line(record(0.5), RecordFormat.AUGCON)).isEqualTo(
                "{\"id\":\"abc\",\"query\":\"Why \\\"tides\\\"?\",\"response\":\"Because of the Moon.\",\"context\":\"ctx\","
                        + "\"document_id\":\"doc\",\"root_id\":\"doc#0\",\"depth\":2,\"score\":0.5,\"language\":\"en\","
                        + "\"root_start\":10,\"root_end\":90,\"model\":\"m\","
                        + "\"provenance\":{\"node_path\":\"12\",\"demonstrations\":[\"en-1\",\"en-2\"]}}");
    }

    @Test
    void anUnscoredRecordHasANullScore() {
        assertThat(JsonlRecordWriter.line(record(null), RecordFormat.AUGCON)).contains("\"score\":null");
    }

    @Test
    void trainerFormatsKeepOnlyThePair() {
        assertThat(JsonlRecordWriter.line(record(null), RecordFormat.ALPACA))
                .isEqualTo("{\"instruction\":\"Why \\\"tides\\\"?\",\"input\":\"\",\"output\":\"Because of the Moon.\"}");
        assertThat(JsonlRecordWriter.line(record(null), RecordFormat.SHAREGPT)).isEqualTo(
                "{\"conversations\":[{\"from\":\"human\",\"value\":\"Why \\\"tides\\\"?\"},{\"from\":\"gpt\",\"value\":\"Because of the Moon.\"}]}");
        assertThat(JsonlRecordWriter.line(record(null), RecordFormat.OPENAI)).isEqualTo(
                "{\"messages\":[{\"role\":\"user\",\"content\":\"Why \\\"tides\\\"?\"},{\"role\":\"assistant\",\"content\":\"Because of the Moon.\"}]}");
    }

    @Test
    void theWriterPutsOneRecordPerLine() throws Exception {
        StringWriter out = new StringWriter();
        try (JsonlRecordWriter writer = new JsonlRecordWriter(out, RecordFormat.ALPACA)) {
            writer.write(record(null));
            writer.write(record(null));
        }
        String[] lines = out.toString().split("\n", -1);
        assertThat(lines).hasSize(3);
        assertThat(lines[2]).isEmpty();
    }

    @Test
    void formatNamesParseIgnoringCaseAndUnknownOnesAreNamed() {
        assertThat(RecordFormat.fromName("ShareGPT")).isEqualTo(RecordFormat.SHAREGPT);
        assertThatThrownBy(() -> RecordFormat.fromName("csv")).hasMessageContaining("'csv'").hasMessageContaining("alpaca");
    }
}
