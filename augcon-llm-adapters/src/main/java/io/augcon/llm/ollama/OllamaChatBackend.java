package io.augcon.llm.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.augcon.api.ChatMessage;
import io.augcon.api.FinishReason;
import io.augcon.api.LlmBackend;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.TokenUsage;
import io.augcon.api.internal.Knob;
import io.augcon.llm.http.JsonBackend;
import io.augcon.llm.http.HttpTransport;
import io.augcon.llm.http.JsonHttpClient;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * An {@link LlmBackend} for Ollama's native chat API ({@code POST /api/chat}), whose
 * {@code options} carry what its OpenAI-compatible endpoint drops or renames: the sampling
 * {@code seed}, {@code temperature}, {@code num_predict} (the token limit) and {@code stop}, plus
 * any other option given to the builder (e.g. {@code num_ctx}). A request's
 * {@linkplain LlmRequest#responseSchema() schema} goes as {@code format}, the schema itself.
 *
 * <pre>{@code
 * LlmBackend llm = OllamaChatBackend.builder()
 *     .baseUrl("http://localhost:11434")        // POSTs to .../api/chat
 *     .model("qwen2.5:7b")
 *     .option("num_ctx", 8192)
 *     .build();
 * }</pre>
 *
 * <p>Requests are sent with {@code stream: false}. From the answer it reads
 * {@code message.content}, {@code done_reason} ({@code length} means truncated),
 * {@code prompt_eval_count} and {@code eval_count} as the usage, and {@code model}. Failures are
 * typed as {@link JsonHttpClient} describes (Ollama's {@code {"error": "..."}} is quoted).
 */
public final class OllamaChatBackend extends JsonBackend {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LATEST = ":latest";

    private final Map<String, Object> options;
    private final String keepAlive;

    private OllamaChatBackend(JsonHttpClient http, String model, Map<String, Object> options, String keepAlive) {
        super(http, model);
        this.options = Map.copyOf(options);
        this.keepAlive = keepAlive;
    }

    /** A builder with the defaults its setters list; {@link Builder#model} is required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public CompletionStage<LlmResponse> complete(LlmRequest request) {
        Objects.requireNonNull(request, "request");
        return http.exchange(body(request), this::parse);
    }

    /** {@code /api/tags}, Ollama's list of the models pulled on the server. */
    @Override
    protected String modelListPath() {
        return "/api/tags";
    }

    /**
     * The {@code models[].name} of Ollama's list, each {@code name:latest} also as {@code name},
     * since Ollama takes a tag without its {@code :latest}.
     */
    @Override
    protected List<String> modelNames(JsonNode list) {
        List<String> names = new ArrayList<>();
        for (String name : names(list.path("models"), "name")) {
            names.add(name);
            if (name.endsWith(LATEST)) {
                names.add(name.substring(0, name.length() - LATEST.length()));
            }
        }
        return names;
    }

    private ObjectNode body(LlmRequest request) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", model);
        root.put("stream", false);
        if (keepAlive != null) {
            root.put("keep_alive", keepAlive);
        }
        ArrayNode messages = root.putArray("messages");
        for (ChatMessage m : request.asMessages()) {
            ObjectNode message = messages.addObject();
            message.put("role", m.role().name().toLowerCase(Locale.ROOT));
            message.put("content", m.content());
        }
        ObjectNode opts = root.putObject("options");
        options.forEach((name, value) -> opts.set(name, JSON.valueToTree(value)));
        opts.put("temperature", request.temperature());
        opts.put("num_predict", request.maxTokens());
        if (request.seed() != null) {
            opts.put("seed", request.seed().longValue());
        }
        if (!request.stop().isEmpty()) {
            ArrayNode stop = opts.putArray("stop");
            request.stop().forEach(stop::add);
        }
        if (request.responseSchema() != null) {
            root.set("format", schemaNode(request.responseSchema()));
        }
        return root;
    }

    private LlmResponse parse(JsonNode root) {
        JsonNode message = root.get("message");
        if (message == null || !message.isObject()) {
            String why = root.has("error") ? JsonHttpClient.errorText(root.toString()) : root.toString();
            throw http.malformed("no message: " + http.excerpt(why));
        }
        JsonNode content = message.get("content");
        if (content != null && !content.isNull() && !content.isTextual()) {
            throw http.malformed("message.content is not a string");
        }
        String text = content == null || content.isNull() ? "" : content.asText();
        JsonNode reason = root.get("done_reason");
        FinishReason finish = FinishReason.parse(reason != null && reason.isTextual() ? reason.asText() : null);
        TokenUsage usage = new TokenUsage(count(root, "prompt_eval_count"), count(root, "eval_count"));
        JsonNode answeredBy = root.get("model");
        return new LlmResponse(text, finish, usage,
                answeredBy != null && answeredBy.isTextual() && !answeredBy.asText().isBlank() ? answeredBy.asText() : model);
    }

    private long count(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return 0;
        }
        if (!n.isIntegralNumber() || n.asLong() < 0) {
            throw http.malformed(field + " is not a non-negative integer");
        }
        return n.asLong();
    }

    /** The names of the model options sent with every request. */
    @Override
    protected String details() {
        return ", options=" + options.keySet();
    }

    /** Configures an {@link OllamaChatBackend}; {@link #model} is required. */
    public static final class Builder {
        private String baseUrl = "http://localhost:11434";
        private String model;
        private String apiKey;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final Map<String, Object> options = new LinkedHashMap<>();
        private String keepAlive;
        private Duration timeout = Duration.ofSeconds(120);
        private HttpClient httpClient;
        private HttpTransport transport;

        private Builder() {}

        /** Ollama's root, without {@code /api} (default {@code http://localhost:11434}). */
        public Builder baseUrl(String url) {
            this.baseUrl = url;
            return this;
        }

        /** The model tag, e.g. {@code qwen2.5:7b}. Required. */
        public Builder model(String name) {
            this.model = name;
            return this;
        }

        /** A bearer token, for an Ollama behind an authenticating proxy; {@code null} for none. */
        public Builder apiKey(String key) {
            this.apiKey = key;
            return this;
        }

        /** Sends a header with every request. */
        public Builder header(String name, String value) {
            headers.put(Objects.requireNonNull(name, "header name"), Objects.requireNonNull(value, "header value"));
            return this;
        }

        /**
         * Sends {@code options.<name> = value} with every request, e.g. {@code num_ctx}. The
         * request's own temperature, token limit, seed and stop sequences win over options of
         * the same names.
         *
         * @throws IllegalArgumentException when {@code value} is not a number, a string or a boolean
         */
        public Builder option(String name, Object value) {
            if (!(value instanceof Number || value instanceof String || value instanceof Boolean)) {
                throw new IllegalArgumentException("option " + name + " must be a number, a string or a boolean");
            }
            options.put(Objects.requireNonNull(name, "option name"), value);
            return this;
        }

        /** How long Ollama keeps the model loaded after a request, e.g. {@code 30m} (default: Ollama's). */
        public Builder keepAlive(String value) {
            this.keepAlive = value;
            return this;
        }

        /** How long one request may take; default 120 s. */
        public Builder timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        /**
         * The JDK HTTP client to use (default: one of its own); giving one makes the
         * {@linkplain #transport transport} {@link HttpTransport#JDK JDK} unless set otherwise.
         */
        public Builder httpClient(HttpClient client) {
            this.httpClient = client;
            return this;
        }

        /**
         * The HTTP client the chat requests and the preflight's model list go through:
         * {@link HttpTransport#APACHE_ASYNC APACHE_ASYNC} by default, {@link HttpTransport#OKHTTP
         * OKHTTP}, or {@link HttpTransport#JDK JDK} for the JDK's own. Answers and typed failures
         * are the same whichever it is.
         */
        public Builder transport(HttpTransport value) {
            this.transport = value;
            return this;
        }

        /** @throws IllegalArgumentException naming the setting that is missing or invalid */
        public OllamaChatBackend build() {
            JsonHttpClient.Builder b = JsonHttpClient.builder().bearerToken(apiKey).endpoint(baseUrl, "/api/chat")
                    .timeout(timeout).httpClient(httpClient).transport(transport);
            headers.forEach(b::header);
            JsonHttpClient http = b.build();
            return new OllamaChatBackend(http, Knob.notBlank("model (e.g. qwen2.5:7b)", model), options, keepAlive);
        }
    }
}
