package io.augcon.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A {@link DatasetReport} as JSON, for machines: the same numbers the HTML shows, field names in
 * snake case.
 *
 * <pre>{@code
 * ReportJson.write(report, Path.of("report.json"));
 * }</pre>
 */
public final class ReportJson {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private ReportJson() {}

    /** Writes {@code report} to {@code file}. */
    public static void write(DatasetReport report, Path file) throws IOException {
        JSON.writeValue(file.toFile(), report);
    }

    /** {@code report} as a JSON string. */
    public static String toJson(DatasetReport report) throws IOException {
        return JSON.writeValueAsString(report);
    }
}
