package io.augcon.llm.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.augcon.api.ChatMessage;
import io.augcon.api.FinishReason;
import io.augcon.api.LlmBackend;
import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.TokenUsage;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * An {@link LlmBackend} for OpenAI-compatible chat completion servers (OpenAI, vLLM, llama.cpp,
 * Ollama, LM Studio, ...), over {@code java.net.http.HttpClient} without blocking a thread per
 * request.
 *
 * <pre>{@code
 * LlmBackend llm = OpenAiChatBackend.builder()
 *     .baseUrl("http://localhost:8000/v1")      // POSTs to .../v1/chat/completions
 *     .model("Qwen2.5-7B-Instruct")
 *     .apiKeyFromEnv("OPENAI_API_KEY")          // unset or blank: no Authorization header
 *     .timeout(Duration.ofSeconds(60))
 *     .build();
 * LlmResponse answer = llm.complete(LlmRequest.builder().prompt("Question:").seed(7).build())
 *     .toCompletableFuture().join();
 * }</pre>
 *
 * <p>Each request sends {@code model}, {@code messages} ({@link LlmRequest#asMessages()} with
 * lower-case roles), {@code temperature}, {@code max_tokens}, {@code stop} (left out when empty)
 * and {@code seed} (left out when {@code null}); {@link LlmRequest#stage()} and
 * {@link LlmRequest#priority()} are never sent. From the answer it reads
 * {@code choices[0].message.content} ({@code null} gives an empty text),
 * {@code choices[0].finish_reason}, {@code usage} ({@link TokenUsage#ZERO} when absent) and
 * {@code model}.
 *
 * <p>Failures complete the stage exceptionally with an {@link LlmException}:
 * <ul>
 *   <li>a non-2xx status: {@link LlmException#forStatus}, {@link LlmException.Kind#RATE_LIMITED
 *       RATE_LIMITED} for 429 and {@link LlmException.Kind#HTTP_STATUS HTTP_STATUS} otherwise,
 *       with the status and a short excerpt of the server's error message;</li>
 *   <li>no answer within the {@linkplain Builder#timeout timeout}:
 *       {@link LlmException.Kind#TIMEOUT TIMEOUT};</li>
 *   <li>a refused, reset or closed connection: {@link LlmException.Kind#CONNECTION CONNECTION};</li>
 *   <li>a 2xx body that is not JSON or lacks {@code choices[0].message}:
 *       {@link LlmException.Kind#MALFORMED_RESPONSE MALFORMED_RESPONSE};</li>
 *   <li>cancelling the returned stage cancels the HTTP exchange.</li>
 * </ul>
 *
 * <p>The API key goes only into the {@code Authorization} header: it is removed from any server
 * text quoted in an exception message, and {@link #toString()} does not show it. This class logs
 * nothing. It is thread-safe.
 */
public final class OpenAiChatBackend implements LlmBackend {

    /** The longest excerpt of server text quoted in an exception message. */
    static final int MAX_EXCERPT = 300;

    private static final String REDACTED = "***";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final String model;
    private final String apiKey;
    private final Duration timeout;
    private final HttpClient http;

    private OpenAiChatBackend(URI endpoint, String model, String apiKey, Duration timeout, HttpClient http) {
        this.endpoint = endpoint;
        this.model = model;
        this.apiKey = apiKey;
        this.timeout = timeout;
        this.http = http;
    }

    /** A builder; {@link Builder#baseUrl} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Sends {@code request} as one chat completion. Returns at once; the stage completes on an
     * HTTP client thread with the answer or an {@link LlmException}.
     */
    @Override
    public CompletionStage<LlmResponse> complete(LlmRequest request) {
        Objects.requireNonNull(request, "request");
        HttpRequest.Builder http = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(requestBody(request)));
        if (apiKey != null) {
            http.header("Authorization", "Bearer " + apiKey);
        }
        CompletableFuture<LlmResponse> result = new CompletableFuture<>();
        CompletableFuture<HttpResponse<String>> exchange;
        try {
            exchange = this.http.sendAsync(http.build(), HttpResponse.BodyHandlers.ofString());
        } catch (RuntimeException e) {
            result.completeExceptionally(new LlmException(LlmException.Kind.OTHER,
                    "cannot send to " + endpoint + ": " + redact(String.valueOf(e.getMessage()))));
            return result;
        }
        exchange.whenComplete((response, failure) -> {
            try {
                if (failure != null) {
                    result.completeExceptionally(translate(failure));
                } else {
                    result.complete(parse(response.statusCode(), response.body()));
                }
            } catch (LlmException e) {
                result.completeExceptionally(e);
            } catch (RuntimeException e) {
                result.completeExceptionally(new LlmException(LlmException.Kind.OTHER,
                        "unexpected failure reading the answer from " + endpoint + ": "
                                + e.getClass().getSimpleName()));
            }
        });
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                exchange.cancel(true);
            }
        });
        return result;
    }

    /** The configured model name, sent as {@code model} with every request. */
    @Override
    public String modelName() {
        return model;
    }

    /** The URI requests are posted to: the base URL followed by {@code /chat/completions}. */
    public URI endpoint() {
        return endpoint;
    }

    /** The base URL and the model; never the API key. */
    @Override
    public String toString() {
        return "OpenAiChatBackend[endpoint=" + endpoint + ", model=" + model
                + ", apiKey=" + (apiKey == null ? "none" : "set") + ", timeout=" + timeout + "]";
    }

    // ---------------------------------------------------------------- request

    private byte[] requestBody(LlmRequest request) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", model);
        ArrayNode messages = root.putArray("messages");
        for (ChatMessage m : request.asMessages()) {
            ObjectNode message = messages.addObject();
            message.put("role", m.role().name().toLowerCase(Locale.ROOT));
            message.put("content", m.content());
        }
        root.put("temperature", request.temperature());
        root.put("max_tokens", request.maxTokens());
        if (!request.stop().isEmpty()) {
            ArrayNode stop = root.putArray("stop");
            request.stop().forEach(stop::add);
        }
        if (request.seed() != null) {
            root.put("seed", request.seed().longValue());
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            // A tree of strings and numbers always serializes.
            throw new IllegalStateException("cannot serialize a chat request", e);
        }
    }

    // ---------------------------------------------------------------- response

    private LlmResponse parse(int status, String body) {
        if (status < 200 || status > 299) {
            throw LlmException.forStatus(status, "HTTP " + status + " from " + endpoint + ": "
                    + excerpt(errorText(body)));
        }
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw malformed("the body is not JSON: " + excerpt(body));
        }
        if (root == null || !root.isObject()) {
            throw malformed("the body is not a JSON object: " + excerpt(body));
        }
        JsonNode choices = root.get("choices");
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
            String why = root.has("error") ? errorText(body) : body;
            throw malformed("no choices: " + excerpt(why));
        }
        JsonNode choice = choices.get(0);
        JsonNode message = choice.get("message");
        if (message == null || !message.isObject()) {
            throw malformed("choices[0] has no message object");
        }
        JsonNode content = message.get("content");
        String text;
        if (content == null || content.isNull()) {
            text = "";
        } else if (content.isTextual()) {
            text = content.asText();
        } else {
            throw malformed("choices[0].message.content is not a string");
        }
        JsonNode finish = choice.get("finish_reason");
        FinishReason reason = FinishReason.parse(finish != null && finish.isTextual() ? finish.asText() : null);
        JsonNode modelNode = root.get("model");
        String answeredBy = modelNode != null && modelNode.isTextual() && !modelNode.asText().isBlank()
                ? modelNode.asText() : model;
        return new LlmResponse(text, reason, usage(root.get("usage")), answeredBy);
    }

    private TokenUsage usage(JsonNode usage) {
        if (usage == null || usage.isNull()) {
            return TokenUsage.ZERO;
        }
        if (!usage.isObject()) {
            throw malformed("usage is not an object");
        }
        long input = tokenCount(usage, "prompt_tokens");
        long output = tokenCount(usage, "completion_tokens");
        return new TokenUsage(input, output);
    }

    private long tokenCount(JsonNode usage, String field) {
        JsonNode n = usage.get(field);
        if (n == null || n.isNull()) {
            return 0;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < 0) {
            throw malformed("usage." + field + " is not a non-negative integer");
        }
        return n.asLong();
    }

    private LlmException malformed(String what) {
        return new LlmException(LlmException.Kind.MALFORMED_RESPONSE,
                "malformed answer from " + endpoint + ": " + what);
    }

    /**
     * The most telling part of an error body: OpenAI's {@code error.message}, a plain
     * {@code error}, {@code message} or {@code detail} string, else the body itself.
     */
    private static String errorText(String body) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        try {
            JsonNode root = JSON.readTree(body);
            if (root != null && root.isObject()) {
                JsonNode error = root.get("error");
                if (error != null && error.isObject() && error.path("message").isTextual()) {
                    return error.get("message").asText();
                }
                for (String field : new String[] {"error", "message", "detail"}) {
                    JsonNode n = root.get(field);
                    if (n != null && n.isTextual()) {
                        return n.asText();
                    }
                }
            }
        } catch (JsonProcessingException e) {
            // Not JSON: quote the body.
        }
        return body;
    }

    /**
     * Server text fit for an exception message: the API key removed first, then whitespace runs
     * collapsed and the result cut to {@link #MAX_EXCERPT} characters.
     */
    String excerpt(String text) {
        if (text == null) {
            return "(empty body)";
        }
        String s = redact(text).replaceAll("\\s+", " ").strip();
        if (s.isEmpty()) {
            return "(empty body)";
        }
        if (s.length() <= MAX_EXCERPT) {
            return s;
        }
        int end = MAX_EXCERPT - 1;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "…";
    }

    private String redact(String text) {
        return apiKey == null ? text : text.replace(apiKey, REDACTED);
    }

    // ---------------------------------------------------------------- transport failures

    private LlmException translate(Throwable failure) {
        Throwable c = failure;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof LlmException) {
            return (LlmException) c;
        }
        if (c instanceof HttpTimeoutException) {
            return new LlmException(LlmException.Kind.TIMEOUT,
                    "no answer from " + endpoint + " within " + timeout, c);
        }
        if (c instanceof ConnectException) {
            return new LlmException(LlmException.Kind.CONNECTION,
                    "cannot connect to " + endpoint + ": " + describe(c), c);
        }
        if (c instanceof IOException) {
            return new LlmException(LlmException.Kind.CONNECTION,
                    "connection to " + endpoint + " failed: " + describe(c), c);
        }
        if (c instanceof CancellationException || c instanceof InterruptedException) {
            return new LlmException(LlmException.Kind.CANCELLED, "request to " + endpoint + " cancelled", c);
        }
        return new LlmException(LlmException.Kind.OTHER,
                "request to " + endpoint + " failed: " + describe(c), c);
    }

    private String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " (" + excerpt(m) + ")");
    }

    // ---------------------------------------------------------------- builder

    /**
     * Configures an {@link OpenAiChatBackend}. Only {@link #baseUrl} is required;
     * {@link #build()} checks every setting and names the one that is wrong.
     */
    public static final class Builder {
        private String baseUrl;
        private String model = "default";
        private String apiKey;
        private Duration timeout = Duration.ofSeconds(120);
        private HttpClient httpClient;

        private Builder() {}

        /**
         * The API root, e.g. {@code https://api.openai.com/v1} or {@code http://localhost:8000/v1},
         * with or without a trailing slash; requests go to {@code <baseUrl>/chat/completions}.
         * Required; must be an absolute {@code http} or {@code https} URL without user info,
         * query or fragment.
         */
        public Builder baseUrl(String url) {
            this.baseUrl = url;
            return this;
        }

        /** The model name sent with every request; default {@code default}. */
        public Builder model(String name) {
            this.model = name;
            return this;
        }

        /**
         * The key sent as {@code Authorization: Bearer <key>}. {@code null} or blank sends no
         * {@code Authorization} header (fine for local servers). Replaces any key set before.
         */
        public Builder apiKey(String key) {
            this.apiKey = key == null || key.isBlank() ? null : key.strip();
            return this;
        }

        /**
         * Reads the key from the environment variable {@code varName} now; an unset or blank
         * variable means no key. Replaces any key set before.
         *
         * @throws IllegalArgumentException when {@code varName} is null or blank
         */
        public Builder apiKeyFromEnv(String varName) {
            return apiKeyFromEnv(varName, System::getenv);
        }

        /** {@link #apiKeyFromEnv(String)} with a given environment, for tests. */
        Builder apiKeyFromEnv(String varName, Function<String, String> env) {
            if (varName == null || varName.isBlank()) {
                throw new IllegalArgumentException("apiKeyFromEnv needs an environment variable name");
            }
            return apiKey(env.apply(varName));
        }

        /**
         * How long one request may take, from sending to the whole answer; default 120 seconds.
         * Must be positive.
         */
        public Builder timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        /**
         * The HTTP client to use, e.g. one with a proxy or custom TLS. Default: a client of its
         * own, using HTTP/1.1 for {@code http} URLs and HTTP/2 where {@code https} offers it.
         */
        public Builder httpClient(HttpClient client) {
            this.httpClient = client;
            return this;
        }

        /**
         * Checks the settings and builds the backend.
         *
         * @throws IllegalArgumentException naming the setting that is missing or invalid
         */
        public OpenAiChatBackend build() {
            String key = apiKey;
            Function<String, String> redact = s -> key == null ? s : s.replace(key, REDACTED);
            URI endpoint = endpointFor(baseUrl, redact);
            if (model == null || model.isBlank()) {
                throw new IllegalArgumentException("model must not be blank");
            }
            if (timeout == null || timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("timeout must be positive, was " + timeout);
            }
            if (key != null && key.chars().anyMatch(ch -> ch <= ' ' || ch == 0x7f)) {
                throw new IllegalArgumentException("apiKey must not contain whitespace or control characters");
            }
            HttpClient client = httpClient;
            if (client == null) {
                Duration connect = timeout.compareTo(Duration.ofSeconds(30)) < 0 ? timeout : Duration.ofSeconds(30);
                client = HttpClient.newBuilder()
                        .version("https".equals(endpoint.getScheme())
                                ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                        .connectTimeout(connect)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
            }
            return new OpenAiChatBackend(endpoint, model, key, timeout, client);
        }

        private static URI endpointFor(String baseUrl, Function<String, String> redact) {
            if (baseUrl == null || baseUrl.isBlank()) {
                throw new IllegalArgumentException("baseUrl is required, e.g. http://localhost:8000/v1");
            }
            String trimmed = baseUrl.strip();
            while (trimmed.endsWith("/")) {
                trimmed = trimmed.substring(0, trimmed.length() - 1);
            }
            URI uri;
            try {
                uri = new URI(trimmed + "/chat/completions");
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("baseUrl is not a valid URL: '" + redact.apply(baseUrl) + "'");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new IllegalArgumentException(
                        "baseUrl must be an absolute http or https URL with a host, was '" + redact.apply(baseUrl) + "'");
            }
            if (uri.getRawUserInfo() != null) {
                throw new IllegalArgumentException("baseUrl must not contain user info; use apiKey for credentials");
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException(
                        "baseUrl must not contain a query or fragment, was '" + redact.apply(baseUrl) + "'");
            }
            return uri;
        }
    }
}
