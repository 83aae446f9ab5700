package io.augcon.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augcon.api.Language;
import io.augcon.api.SftRecord;
import io.augcon.core.output.JsonlRecordWriter;
import io.augcon.core.output.RecordFormat;
import io.augcon.spark.RecordRows;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * The launcher's {@code --output}: a new directory of Spark part files. JSONL part files
 * ({@code part-*.jsonl}) hold exactly the lines {@code augcon generate} writes, in any
 * {@code --format}; Parquet part files hold the {@code augcon} records' columns ({@link RecordRows}).
 */
final class SparkOutput {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> PROVENANCE = new TypeReference<>() {};

    /** What the part files hold. */
    enum Format {
        /** One record per line, as {@code generate --format} writes it. */
        JSONL,
        /** The records' columns ({@code --format augcon} only). */
        PARQUET;

        String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What a job wrote.
     *
     * @param records the records, as the tasks counted them
     * @param files   the part files
     */
    record Written(long records, int files) {}

    private final SparkSession spark;
    private final String output;
    private final Format format;
    private final RecordFormat records;

    private SparkOutput(SparkSession spark, String output, Format format, RecordFormat records) {
        this.spark = spark;
        this.output = output;
        this.format = format;
        this.records = records;
    }

    /**
     * Checks {@code output} before any work: it must not exist (Spark writes a new directory), and
     * Parquet holds {@code augcon} records only.
     */
    static SparkOutput prepare(SparkSession spark, String output, Format format, RecordFormat records) throws IOException {
        if (format == Format.PARQUET && records != RecordFormat.AUGCON) {
            throw new IllegalArgumentException("--format " + records.cliName() + " is written as JSONL lines; Parquet part files"
                    + " hold the augcon records' columns (use --output-format jsonl, or --format augcon)");
        }
        Path path = new Path(output);
        if (path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path)) {
            throw new IllegalArgumentException("--output: " + output + " exists; the Spark job writes a new directory of part"
                    + " files (remove it or name another)");
        }
        return new SparkOutput(spark, output, format, records);
    }

    /** Runs the job: computes {@code rows} once, writing them as they come out of the tasks. */
    Written write(Dataset<Row> rows) throws IOException {
        LongAccumulator count = spark.sparkContext().longAccumulator("augcon records");
        if (format == Format.PARQUET) {
            rows.map((MapFunction<Row, Row>) row -> {
                count.add(1);
                return row;
            }, Encoders.row(RecordRows.schema())).write().parquet(output);
        } else {
            RecordFormat shape = records;
            rows.map((MapFunction<Row, String>) row -> {
                count.add(1);
                return JsonlRecordWriter.line(record(row), shape);
            }, Encoders.STRING()).write().text(output);
        }
        return new Written(count.value(), partFiles());
    }

    /**
     * Renames Spark's text part files ({@code .txt}) to {@code .jsonl}, which is what they hold and
     * what {@code augcon report} and the CLI's corpus reader take; the number of part files.
     */
    private int partFiles() throws IOException {
        Path dir = new Path(output);
        FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
        int files = 0;
        for (FileStatus file : fs.listStatus(dir)) {
            String name = file.getPath().getName();
            if (!name.startsWith("part-")) {
                continue;
            }
            files++;
            if (format == Format.JSONL && name.endsWith(".txt")) {
                fs.rename(file.getPath(), new Path(dir, name.substring(0, name.length() - ".txt".length()) + ".jsonl"));
            }
        }
        return files;
    }

    /** A row of {@link RecordRows#schema()} as the record it was made from. */
    static SftRecord record(Row row) {
        Map<String, Object> provenance;
        try {
            provenance = JSON.readValue(row.getString(12), PROVENANCE);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("record " + row.getString(0) + ": provenance is not a JSON object", e);
        }
        return new SftRecord(row.getString(0), row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                row.getString(5), row.getInt(6), row.isNullAt(7) ? null : row.getDouble(7), Language.fromCode(row.getString(8)),
                row.getInt(9), row.getInt(10), row.getString(11), provenance);
    }
}
