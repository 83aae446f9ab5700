package io.augcon.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augcon.api.SftRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The records of a Spark job as rows: one column per field of the {@code augcon} record, named as
 * in its JSONL lines.
 *
 * <table>
 *   <caption>The columns</caption>
 *   <tr><th>column</th><th>type</th><th>holds</th></tr>
 *   <tr><td>{@code id}</td><td>string</td><td>the record's id, stable across reruns with the same seed</td></tr>
 *   <tr><td>{@code query}, {@code response}</td><td>string</td><td>the pair</td></tr>
 *   <tr><td>{@code context}</td><td>string</td><td>the text of the tree node the question came from</td></tr>
 *   <tr><td>{@code document_id}, {@code root_id}</td><td>string</td><td>the document and its root context</td></tr>
 *   <tr><td>{@code depth}</td><td>int</td><td>the node's depth (0 = root)</td></tr>
 *   <tr><td>{@code score}</td><td>double, nullable</td><td>the scorer's output, null when unscored</td></tr>
 *   <tr><td>{@code language}</td><td>string</td><td>{@code en} or {@code zh}</td></tr>
 *   <tr><td>{@code root_start}, {@code root_end}</td><td>int</td><td>the root's character span in its document</td></tr>
 *   <tr><td>{@code model}</td><td>string</td><td>the model that answered ({@code offline} in offline mode)</td></tr>
 *   <tr><td>{@code provenance}</td><td>string</td><td>the record's provenance object as JSON text, exactly as the
 *       CLI writes it (read it back with Spark's {@code from_json} or {@code get_json_object})</td></tr>
 * </table>
 *
 * <p>Only {@code score} is nullable. Provenance is a JSON string rather than a struct because its
 * keys depend on the stages a run uses (a replaced answering step adds its own).
 *
 * <pre>{@code
 * Row row = RecordRows.toRow(record);
 * Dataset<Row> same = spark.createDataFrame(List.of(row), RecordRows.schema());
 * }</pre>
 */
public final class RecordRows {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final StructType SCHEMA = new StructType(new StructField[] {
        text("id"),
        text("query"),
        text("response"),
        text("context"),
        text("document_id"),
        text("root_id"),
        DataTypes.createStructField("depth", DataTypes.IntegerType, false),
        DataTypes.createStructField("score", DataTypes.DoubleType, true),
        text("language"),
        DataTypes.createStructField("root_start", DataTypes.IntegerType, false),
        DataTypes.createStructField("root_end", DataTypes.IntegerType, false),
        text("model"),
        text("provenance"),
    });

    private RecordRows() {}

    /** The schema of the records' rows (the table above). */
    public static StructType schema() {
        return SCHEMA;
    }

    /** {@code record} as a row of {@link #schema()}. */
    public static Row toRow(SftRecord record) {
        return RowFactory.create(record.id(), record.query(), record.response(), record.context(), record.documentId(),
                record.rootId(), record.depth(), record.score(), record.language().code(), record.rootStart(),
                record.rootEnd(), record.model(), provenance(record));
    }

    private static String provenance(SftRecord record) {
        try {
            return JSON.writeValueAsString(record.provenance());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("record " + record.id() + ": provenance cannot be written as JSON", e);
        }
    }

    private static StructField text(String name) {
        return DataTypes.createStructField(name, DataTypes.StringType, false);
    }
}
