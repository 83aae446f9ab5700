package io.augcon.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.augcon.api.Language;
import io.augcon.api.SftRecord;
import io.augcon.core.output.JsonlRecordWriter;
import io.augcon.core.output.RecordFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A record's row holds what the CLI's augcon JSONL line holds, column by field. */
class RecordRowsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "score {0}")
    @ValueSource(strings = {"0.8125", "unscored"})
    void everyColumnHoldsTheFieldOfTheSameNameInTheCliLine(String score) throws Exception {
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("tree_run", 1);
        provenance.put("node_path", "12");
        provenance.put("demonstrations", List.of("en-3", "en-7"));
        provenance.put("run_seed", 7L);
        SftRecord record = new SftRecord("a1b2", "What turns scraps into soil?", "Composting does.", "Composting turns",
                "faq-composting", "faq-composting#0", 2, score.equals("unscored") ? null : Double.valueOf(score),
                Language.EN, 0, 480, "scripted", provenance);

        Row row = RecordRows.toRow(record);
        JsonNode line = JSON.readTree(JsonlRecordWriter.line(record, RecordFormat.AUGCON));

        assertThat(RecordRows.schema().fieldNames()).containsExactlyElementsOf(() -> line.fieldNames());
        for (StructField column : RecordRows.schema().fields()) {
            Object value = row.get(RecordRows.schema().fieldIndex(column.name()));
            JsonNode expected = line.get(column.name());
            JsonNode actual = column.name().equals("provenance") ? JSON.readTree((String) value) : value == null ? NullNode.getInstance() : JSON.valueToTree(value);
            assertThat(actual).as(column.name()).isEqualTo(expected);
        }
    }
}
