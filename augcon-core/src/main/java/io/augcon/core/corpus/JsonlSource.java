package io.augcon.core.corpus;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.augcon.api.Document;
import io.augcon.api.Language;
import io.augcon.core.event.BadInput;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A {@code .jsonl} file: one document per non-blank line, parsed only when asked for, so a file
 * of any size streams. Text comes from the first of {@code text}, {@code article},
 * {@code context} that is present and not null (the field names of common corpus exports); the
 * id from {@code id} or else {@code file:line}; the language from {@code language} or
 * {@code lang} when it is English or Chinese.
 */
final class JsonlSource implements DocumentSource {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final List<String> TEXT_FIELDS = List.of("text", "article", "context");
    private static final int MAX_MESSAGE_CHARS = 120;

    private final CorpusFile file;
    private final ByteLineReader lines;
    private final StrictUtf8 utf8 = new StrictUtf8();
    private long lineNumber;

    JsonlSource(CorpusFile file) throws IOException {
        this.file = file;
        this.lines = new ByteLineReader(file.open());
    }

    @Override
    public Document next(Consumer<BadInput> rejects) throws IOException {
        while (lines.next()) {
            lineNumber++;
            String source = file.relativePath() + ":" + lineNumber;
            try {
                Document document = parseLine(source);
                if (document != null) {
                    return document;
                }
            } catch (BadEntry e) {
                rejects.accept(new BadInput(source, e.reason()));
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }

    /** The line's document, or null for a blank line. */
    private Document parseLine(String source) throws BadEntry {
        if (lines.overflowed()) {
            throw new BadEntry("line longer than " + ByteLineReader.MAX_LINE_BYTES + " bytes");
        }
        String line = utf8.decode(lines.bytes(), lines.length());
        if (lineNumber == 1) {
            line = StrictUtf8.stripBom(line);
        }
        if (line.isBlank()) {
            return null;
        }
        JsonNode object = parseObject(line);
        return new Document(id(object, source), text(object), source, language(object));
    }

    private static JsonNode parseObject(String line) throws BadEntry {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new BadEntry("line does not parse as JSON: " + shortMessage(e));
        }
        if (!node.isObject()) {
            throw new BadEntry("line is a JSON " + node.getNodeType().name().toLowerCase(Locale.ROOT)
                    + ", expected an object");
        }
        return node;
    }

    private static String text(JsonNode object) throws BadEntry {
        for (String field : TEXT_FIELDS) {
            JsonNode value = object.get(field);
            if (value == null || value.isNull()) {
                continue;
            }
            if (!value.isTextual()) {
                throw new BadEntry("field '" + field + "' is not a string");
            }
            if (value.textValue().isBlank()) {
                throw new BadEntry("field '" + field + "' is blank");
            }
            return value.textValue();
        }
        throw new BadEntry("field 'text' missing (also looked for 'article' and 'context')");
    }

    private static String id(JsonNode object, String source) throws BadEntry {
        JsonNode id = object.get("id");
        if (id == null || id.isNull()) {
            return source;
        }
        if (id.isNumber()) {
            return id.asText();
        }
        if (!id.isTextual()) {
            throw new BadEntry("field 'id' is not a string or number");
        }
        if (id.textValue().isBlank()) {
            throw new BadEntry("field 'id' is blank");
        }
        return id.textValue();
    }

    /** English or Chinese as declared ("zh", "ZH", "zh-CN"); anything else is left to detection. */
    private static Language language(JsonNode object) {
        JsonNode value = object.hasNonNull("language") ? object.get("language") : object.get("lang");
        if (value == null || !value.isTextual()) {
            return null;
        }
        String code = value.textValue().trim().toLowerCase(Locale.ROOT).split("[-_]", 2)[0];
        return code.equals("en") || code.equals("zh") ? Language.fromCode(code) : null;
    }

    private static String shortMessage(JsonProcessingException e) {
        String message = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("");
        if (message.length() > MAX_MESSAGE_CHARS) {
            message = message.substring(0, MAX_MESSAGE_CHARS) + "...";
        }
        JsonLocation location = e.getLocation();
        return location != null && location.getColumnNr() > 0
                ? message + " (column " + location.getColumnNr() + ")"
                : message;
    }
}
