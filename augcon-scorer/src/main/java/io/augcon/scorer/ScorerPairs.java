package io.augcon.scorer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.augcon.core.scoring.QueryPair;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes training pairs as JSON Lines, one object per line:
 * {@code {"context": "...", "positive": "...", "negative": "..."}}. Blank lines are skipped;
 * other fields (say a {@code "kind"} of negative) are ignored.
 *
 * <pre>{@code
 * List<QueryPair> pairs = ScorerPairs.read(Path.of("pairs.jsonl"));
 * }</pre>
 */
public final class ScorerPairs {
    /** The {@link QueryPair#kind() kind} of every pair read from a file: a user's pair, whatever else its line holds. */
    public static final String FILE_KIND = "user";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] FIELDS = {"context", "positive", "negative"};

    private ScorerPairs() {}

    /**
     * All pairs of {@code file}, in file order.
     *
     * @throws BadPairsException naming the file and line of the first bad line (not JSON, not an
     *     object, a field missing, not a string or blank, positive equal to negative, bytes that
     *     are not UTF-8), or when the file holds no pair
     * @throws UncheckedIOException when the file cannot be read
     */
    public static List<QueryPair> read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read pairs file " + file, e);
        }
        List<QueryPair> pairs = new ArrayList<>();
        int start = 0;
        int lineNumber = 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            lineNumber++;
            String line = decode(bytes, start, end, file, lineNumber);
            if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (!line.isBlank()) {
                pairs.add(parse(line, file, lineNumber));
            }
            start = end + 1;
        }
        if (pairs.isEmpty()) {
            throw new BadPairsException(file, 0, "no pairs in the file", null);
        }
        return pairs;
    }

    /** Writes {@code pairs} to {@code file} in the format {@link #read} accepts (UTF-8, one per line). */
    public static void write(Path file, List<QueryPair> pairs) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (QueryPair pair : pairs) {
                ObjectNode node = JSON.createObjectNode();
                node.put("context", pair.context());
                node.put("positive", pair.positive());
                node.put("negative", pair.negative());
                out.write(JSON.writeValueAsString(node));
                out.write('\n');
            }
        }
    }

    private static String decode(byte[] bytes, int start, int end, Path file, int lineNumber) {
        int length = end - start;
        if (length > 0 && bytes[end - 1] == '\r') {
            length--;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(bytes, start, length)).toString();
        } catch (CharacterCodingException e) {
            throw new BadPairsException(file, lineNumber, "not valid UTF-8", e);
        }
    }

    private static QueryPair parse(String line, Path file, int lineNumber) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new BadPairsException(file, lineNumber, "not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new BadPairsException(file, lineNumber,
                    "expected a JSON object with \"context\", \"positive\" and \"negative\"", null);
        }
        String[] values = new String[FIELDS.length];
        for (int i = 0; i < FIELDS.length; i++) {
            JsonNode value = node.get(FIELDS[i]);
            if (value == null || value.isNull()) {
                throw new BadPairsException(file, lineNumber, "missing \"" + FIELDS[i] + "\"", null);
            }
            if (!value.isTextual()) {
                throw new BadPairsException(file, lineNumber,
                        "\"" + FIELDS[i] + "\" must be a string, was " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT), null);
            }
            if (value.asText().isBlank()) {
                throw new BadPairsException(file, lineNumber, "\"" + FIELDS[i] + "\" is blank", null);
            }
            values[i] = value.asText();
        }
        if (values[1].equals(values[2])) {
            throw new BadPairsException(file, lineNumber, "\"positive\" and \"negative\" are the same text", null);
        }
        return new QueryPair(values[0], values[1], values[2], ScorerPairs.FILE_KIND);
    }
}
