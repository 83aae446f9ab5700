package io.augcon.llm.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augcon.api.LlmBackend;
import io.augcon.api.ResponseSchema;
import java.net.URI;
import java.util.Objects;

/**
 * What every JSON-over-HTTP backend shares: the client that posts to one endpoint and the model
 * name it sends, with the accessors and a {@code toString} that names both and never the key.
 * A backend of your own extends it and writes only the request body and the answer's parse.
 *
 * <pre>{@code
 * public final class MyBackend extends JsonBackend {
 *     MyBackend(JsonHttpClient http, String model) { super(http, model); }
 *     public CompletionStage<LlmResponse> complete(LlmRequest request) {
 *         return http.exchange(body(request), this::parse);
 *     }
 * }
 * }</pre>
 */
public abstract class JsonBackend implements LlmBackend {
    private static final ObjectMapper SCHEMA_READER = new ObjectMapper();

    /** Posts the requests and classifies failures. */
    protected final JsonHttpClient http;
    /** The model name sent with every request. */
    protected final String model;

    /**
     * A backend that posts through {@code http} and names {@code model} in every request.
     *
     * @throws NullPointerException if either is {@code null}
     */
    protected JsonBackend(JsonHttpClient http, String model) {
        this.http = Objects.requireNonNull(http, "http");
        this.model = Objects.requireNonNull(model, "model");
    }

    /** The configured model name, sent with every request. */
    @Override
    public final String modelName() {
        return model;
    }

    /** The URI requests are posted to. */
    public final URI endpoint() {
        return http.endpoint();
    }

    /** The endpoint, the model, whether a key is set (never the key) and the timeout. */
    @Override
    public final String toString() {
        return getClass().getSimpleName() + "[endpoint=" + http.endpoint() + ", model=" + model + details()
                + ", apiKey=" + (http.hasSecret() ? "set" : "none") + ", timeout=" + http.timeout() + "]";
    }

    /**
     * The schema of a request as a JSON tree, for the backend's own field.
     *
     * @throws IllegalArgumentException when the schema's text is not a JSON object
     */
    protected static JsonNode schemaNode(ResponseSchema schema) {
        try {
            JsonNode node = SCHEMA_READER.readTree(schema.json());
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("schema '" + schema.name() + "' must be a JSON object, was " + schema.json());
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("schema '" + schema.name() + "' is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** More of the configuration for {@link #toString()}, each part starting with {@code ", "}; none by default. */
    protected String details() {
        return "";
    }
}
