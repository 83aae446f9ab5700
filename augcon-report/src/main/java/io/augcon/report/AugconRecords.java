package io.augcon.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augcon.api.Language;
import io.augcon.api.SftRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Reads records written in the {@code augcon} format (contracts, section 4) back into
 * {@link SftRecord}s, streaming. The other formats keep only the pair and cannot be reported on.
 */
public final class AugconRecords {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private AugconRecords() {}

    /**
     * Calls {@code each} with every record of {@code file}, in order; blank lines are skipped. A
     * directory is read as the output of a Spark job ({@code augcon-spark}): its {@code part-*}
     * files in name order, without Spark's {@code .crc} checksums and {@code _SUCCESS} marker.
     *
     * @return the number of records read
     * @throws IOException naming the file and line of a record that does not parse or lacks a
     *                     field, or the directory when it holds no part file
     */
    public static long forEach(Path file, Consumer<SftRecord> each) throws IOException {
        if (Files.isDirectory(file)) {
            List<Path> parts;
            try (Stream<Path> listed = Files.list(file)) {
                parts = listed.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().startsWith("part-")
                        && !p.getFileName().toString().endsWith(".crc")).sorted().toList();
            }
            if (parts.isEmpty()) {
                throw new IOException(file + ": a directory without part-* files (a Spark job's JSONL output was expected)");
            }
            long count = 0;
            for (Path part : parts) {
                count += forEach(part, each);
            }
            return count;
        }
        long count = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (!line.isBlank()) {
                    each.accept(parse(line, file, number));
                    count++;
                }
            }
        }
        return count;
    }

    /** One record from one JSON line; {@code file} and {@code line} only name it in errors. */
    static SftRecord parse(String json, Path file, long line) throws IOException {
        JsonNode o;
        try {
            o = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IOException(file + ":" + line + ": not JSON: " + e.getOriginalMessage(), e);
        }
        String where = file + ":" + line + ": ";
        try {
            JsonNode score = o.get("score");
            JsonNode provenance = o.get("provenance");
            return new SftRecord(text(o, "id", where), text(o, "query", where), text(o, "response", where),
                    text(o, "context", where), text(o, "document_id", where), text(o, "root_id", where),
                    number(o, "depth", where), score == null || score.isNull() ? null : score.asDouble(),
                    Language.fromCode(text(o, "language", where)), number(o, "root_start", where),
                    number(o, "root_end", where), text(o, "model", where),
                    provenance(provenance, where));
        } catch (IllegalArgumentException e) {
            throw new IOException(where + e.getMessage(), e);
        }
    }

    /** The provenance object; also when a writer stored it as a JSON string (Spark's record rows do). */
    private static Map<String, Object> provenance(JsonNode provenance, String where) throws IOException {
        if (provenance != null && provenance.isTextual()) {
            try {
                provenance = JSON.readTree(provenance.asText());
            } catch (JsonProcessingException e) {
                throw new IOException(where + "field 'provenance' is a string that is not JSON", e);
            }
        }
        return provenance == null || !provenance.isObject() ? Map.of() : JSON.convertValue(provenance, MAP);
    }

    private static String text(JsonNode o, String field, String where) throws IOException {
        JsonNode value = o.get(field);
        if (value == null || !value.isTextual()) {
            throw new IOException(where + "field '" + field + "' missing or not a string (is this the augcon format?)");
        }
        return value.asText();
    }

    private static int number(JsonNode o, String field, String where) throws IOException {
        JsonNode value = o.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw new IOException(where + "field '" + field + "' missing or not an integer");
        }
        return value.asInt();
    }
}
