package io.augcon.core.internal.stage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads an answer given under a JSON Schema. A server that enforces the schema sends the bare
 * object, but models behind servers that only pass the schema on often wrap it in a markdown code
 * fence ({@code ```json ... ```}) or surround it with blank lines, so both are accepted.
 */
public final class JsonAnswer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonAnswer() {}

    /**
     * The JSON object in {@code answer}.
     *
     * @throws IllegalArgumentException with a short reason when the answer is not one JSON object
     */
    public static ObjectNode object(String answer) {
        String text = unfenced(answer == null ? "" : answer.strip());
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty output");
        }
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return (ObjectNode) node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
    }

    /** The text inside a code fence (with or without a language tag), or {@code text} itself. */
    private static String unfenced(String text) {
        if (!text.startsWith("```") || !text.endsWith("```") || text.length() < 6) {
            return text;
        }
        String inner = text.substring(3, text.length() - 3);
        int lineEnd = inner.indexOf('\n');
        // The opening fence's line holds only the language tag, e.g. "json".
        return (lineEnd < 0 ? inner : inner.substring(lineEnd + 1)).strip();
    }
}
