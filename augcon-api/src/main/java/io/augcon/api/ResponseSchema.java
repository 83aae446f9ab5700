package io.augcon.api;

import io.augcon.api.internal.Knob;
import java.util.Objects;

/**
 * A JSON Schema that a request asks the server to enforce on its answer ("structured outputs").
 * Each backend sends it in its own field: {@code response_format} on the OpenAI-compatible chat
 * API, {@code format} on Ollama, a JSON-schema {@code ResponseFormat} in langchain4j. The schema
 * is kept as JSON text so that this module needs no JSON library; backends parse it.
 *
 * <pre>{@code
 * ResponseSchema schema = new ResponseSchema("judge",
 *         "{\"type\":\"object\",\"properties\":{\"correct\":{\"type\":\"boolean\"}},"
 *         + "\"required\":[\"correct\"],\"additionalProperties\":false}");
 * LlmRequest request = LlmRequest.builder().prompt("Is it correct?").responseSchema(schema).build();
 * }</pre>
 *
 * @param name the schema's name, as OpenAI's {@code json_schema.name} wants it: letters, digits,
 *             {@code _} and {@code -}
 * @param json the schema, a JSON object as text
 */
public record ResponseSchema(String name, String json) {
    /** @throws IllegalArgumentException when the name is blank or has other characters, or the schema is not an object */
    public ResponseSchema {
        Knob.notBlank("schema name", name);
        if (!name.chars().allMatch(c -> c < 0x80 && (Character.isLetterOrDigit(c) || c == '_' || c == '-'))) {
            throw new IllegalArgumentException("schema name must hold only letters, digits, _ and -, was '" + name + "'");
        }
        String text = Objects.requireNonNull(json, "json").strip();
        if (!text.startsWith("{") || !text.endsWith("}")) {
            throw new IllegalArgumentException("schema '" + name + "' must be a JSON object, was " + json);
        }
        json = text;
    }
}
