package io.augcon.llm.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augcon.api.LlmBackend;
import io.augcon.api.LlmRequest;
import io.augcon.api.ResponseSchema;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

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
    private static final ObjectMapper JSON = new ObjectMapper();

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

    /**
     * Checks that the server answers, takes the key and serves the model, as
     * {@link LlmBackend#preflight} describes: it GETs {@link #modelListPath()} and looks for the
     * model in {@link #modelNames}; when there is no list, or the model is not in it, it sends
     * the cheapest real request (one token, through {@link #complete}), since only the server
     * can say that it refuses a name (llama.cpp's answers any). Refused connections, unknown
     * hosts, 401, 403 and 404 fail the stage with an
     * {@link io.augcon.api.LlmUnavailableException} that quotes the server (a model not listed
     * also names a few that are); anything else passes. Each request takes at most
     * {@code timeout}.
     */
    @Override
    public CompletionStage<Void> preflight(Duration timeout) {
        LlmRequest probe = LlmRequest.builder().prompt("Reply with OK.").maxTokens(1).temperature(0).stage("preflight").build();
        return new Preflight(http, model, timeout).run(modelListPath(), this::modelNames, () -> complete(probe));
    }

    /**
     * Where, under the base URL, the server lists its models, e.g. {@code /models}; {@code null}
     * (the default) when it has no list, so the {@linkplain #preflight preflight} sends the
     * cheapest real request instead.
     */
    protected String modelListPath() {
        return null;
    }

    /**
     * The model names in the answer to {@link #modelListPath()}; an empty list when the answer
     * is not in the expected shape. The default reads OpenAI's {@code data[].id}.
     */
    protected List<String> modelNames(JsonNode list) {
        return names(list.path("data"), "id");
    }

    /** The text field {@code field} of each object in the array {@code entries}; none when it is not an array. */
    protected static List<String> names(JsonNode entries, String field) {
        List<String> names = new ArrayList<>();
        for (JsonNode entry : entries.isArray() ? entries : JSON.createArrayNode()) {
            if (entry.path(field).isTextual()) {
                names.add(entry.path(field).asText());
            }
        }
        return names;
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
            JsonNode node = JSON.readTree(schema.json());
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
