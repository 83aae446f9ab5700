package io.augcon.core.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.augcon.api.SftRecord;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes records as JSON Lines, one object per line in the chosen {@link RecordFormat}.
 *
 * <pre>{@code
 * try (RecordSink out = JsonlRecordWriter.create(Path.of("sft.jsonl"), RecordFormat.OPENAI)) {
 *     out.write(record);
 * }
 * }</pre>
 */
public final class JsonlRecordWriter implements RecordSink {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Writer out;
    private final RecordFormat format;

    /**
     * A writer to {@code out}, which it closes when it is closed. The caller picks the encoding and
     * the buffering; {@link #create} opens a buffered UTF-8 file, as JSON Lines expects.
     */
    public JsonlRecordWriter(Writer out, RecordFormat format) {
        this.out = Objects.requireNonNull(out, "out");
        this.format = Objects.requireNonNull(format, "format");
    }

    /** A writer to {@code file}, created or truncated, with its parent directories made. */
    public static JsonlRecordWriter create(Path file, RecordFormat format) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return new JsonlRecordWriter(
                new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8)), format);
    }

    /** The line {@code record} is written as, without the line end. */
    public static String line(SftRecord record, RecordFormat format) {
        try {
            return JSON.writeValueAsString(format.toJson(record, JSON));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise record " + record.id(), e);
        }
    }

    @Override
    public synchronized void write(SftRecord record) throws IOException {
        out.write(line(record, format));
        out.write('\n');
    }

    @Override
    public synchronized void flush() throws IOException {
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
