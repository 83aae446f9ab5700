package io.augcon.llm.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augcon.api.LlmException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The HTTP plumbing every JSON-over-HTTP {@link io.augcon.api.LlmBackend} needs, so that an
 * adapter is only its request and answer formats: posts a JSON body without blocking the caller's
 * thread, and turns whatever comes back into a JSON object or a typed {@link LlmException}.
 *
 * <ul>
 *   <li>a non-2xx status: {@link LlmException#forStatus} with the status, a short excerpt of the
 *       server's error message and its {@code Retry-After}, if any;</li>
 *   <li>no answer within the timeout: {@link LlmException.Kind#TIMEOUT TIMEOUT}; a refused,
 *       reset or closed connection: {@link LlmException.Kind#CONNECTION CONNECTION};</li>
 *   <li>a 2xx body that is not a JSON object (cut short, an HTML page):
 *       {@link LlmException.Kind#MALFORMED_RESPONSE MALFORMED_RESPONSE}, naming the content
 *       type;</li>
 *   <li>cancelling the returned future cancels the exchange.</li>
 * </ul>
 *
 * <p>The JSON requests ({@link #post}, {@link #get}) go through Apache HttpClient 5's
 * non-blocking client ({@link HttpTransport#APACHE_ASYNC APACHE_ASYNC}) unless
 * {@link Builder#transport} says {@link HttpTransport#OKHTTP OKHTTP} or
 * {@link HttpTransport#JDK JDK}; the batch API's
 * uploads and downloads ({@link #sendTo}, {@link #getText}) always use the JDK client, made on
 * first use. Either way the answers and failures are the same.
 *
 * <p>Secrets (a bearer token, a secret header's value) go only into headers: they are removed
 * from any server text quoted in an exception message, and {@link #toString()} does not show
 * them. Nothing is logged. Thread-safe.
 *
 * <pre>{@code
 * JsonHttpClient http = JsonHttpClient.builder()
 *     .endpoint("https://llm.example.com/api", "/generate")
 *     .secretHeader("X-Team-Token", System.getenv("TEAM_TOKEN"))
 *     .timeout(Duration.ofSeconds(60))
 *     .build();
 * JsonNode answer = http.post(body).join();
 * }</pre>
 */
public final class JsonHttpClient {
    /** The longest excerpt of server text quoted in an exception message. */
    public static final int MAX_EXCERPT = 300;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    /** The base URL the endpoint's path was added to, without a trailing slash. */
    private final String base;
    private final Map<String, String> headers;
    private final List<String> secrets;
    private final Duration timeout;
    private final Clock clock;
    private final AnswerClassifier answers;
    /** Sends the JSON requests. */
    private final Transport transport;
    /** The JDK client given to the builder, or null for one of the JDK transport's own. */
    private final HttpClient givenClient;
    private final Duration connectTimeout;
    /** The batch API's transport; {@link #transport} itself when that is the JDK's. */
    private volatile JdkTransport jdk;

    private JsonHttpClient(Builder b, HttpTransport kind) {
        this.endpoint = b.endpoint;
        this.base = b.base;
        this.clock = b.clock;
        this.headers = Map.copyOf(b.headers);
        this.secrets = List.copyOf(b.secrets);
        this.timeout = b.timeout;
        this.answers = new AnswerClassifier(endpoint, timeout, b.clock, secrets);
        this.givenClient = b.httpClient;
        this.connectTimeout = timeout.compareTo(Duration.ofSeconds(30)) < 0 ? timeout : Duration.ofSeconds(30);
        this.transport = switch (kind) {
            case JDK -> {
                this.jdk = newJdkTransport();
                yield jdk;
            }
            case OKHTTP -> new OkHttpTransport(connectTimeout, headers);
            case APACHE_ASYNC -> new ApacheAsyncTransport(connectTimeout, headers);
        };
    }

    private JdkTransport newJdkTransport() {
        return new JdkTransport(givenClient, "https".equals(endpoint.getScheme()), connectTimeout, headers);
    }

    /** The JDK transport, made on first use when the JSON requests go through OkHttp. */
    private JdkTransport jdk() {
        JdkTransport t = jdk;
        if (t == null) {
            synchronized (this) {
                t = jdk;
                if (t == null) {
                    t = newJdkTransport();
                    jdk = t;
                }
            }
        }
        return t;
    }

    /** A builder with the defaults its setters list; {@link Builder#endpoint} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Where requests are posted. */
    public URI endpoint() {
        return endpoint;
    }

    /** The per-request timeout. */
    public Duration timeout() {
        return timeout;
    }

    /** The HTTP client the JSON requests ({@link #post}, {@link #get}) go through. */
    public HttpTransport transport() {
        return transport.kind();
    }

    /** True when a secret (a bearer token or a secret header) is sent. */
    public boolean hasSecret() {
        return !secrets.isEmpty();
    }

    /**
     * Posts {@code body} and maps the answer's JSON with {@code parse} (which may throw an
     * {@link LlmException}, e.g. {@link #malformed}). Cancelling the returned future cancels the
     * HTTP exchange, so a caller that gives up (a timeout, a breaker) frees the connection.
     */
    public <T> CompletableFuture<T> exchange(JsonNode body, Function<JsonNode, T> parse) {
        Objects.requireNonNull(parse, "parse");
        CompletableFuture<JsonNode> exchange = post(body);
        CompletableFuture<T> result = exchange.thenApply(parse);
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                exchange.cancel(true);
            }
        });
        return result;
    }

    /** Posts {@code body} and completes with the answer's JSON object or an {@link LlmException}. */
    public CompletableFuture<JsonNode> post(JsonNode body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(new LlmException(LlmException.Kind.OTHER,
                    "cannot serialize a request to " + endpoint + ": " + e.getOriginalMessage()));
        }
        return send(transport.exchange("POST", endpoint, bytes, timeout), answers);
    }

    /**
     * GETs {@code path} under the base URL (e.g. {@code /models} under {@code
     * http://localhost:8000/v1}) with the configured headers, within {@code timeout}, and
     * completes with the answer's JSON object or an {@link LlmException} classified as for
     * {@link #post}, naming that URL. For the cheap requests of a {@linkplain
     * io.augcon.api.LlmBackend#preflight preflight}, such as a model list.
     *
     * @param path    starts with {@code /}
     * @param timeout how long the whole exchange may take
     * @throws IllegalArgumentException when {@code path} does not make a valid URL with the base
     */
    public CompletableFuture<JsonNode> get(String path, Duration timeout) {
        URI uri;
        try {
            uri = new URI(base + Objects.requireNonNull(path, "path"));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("path '" + path + "' does not make a URL with the base URL");
        }
        return send(transport.exchange("GET", uri, null, timeout), new AnswerClassifier(uri, timeout, clock, secrets));
    }

    /**
     * Sends {@code body} as {@code contentType} with {@code method} to {@code path} under the base
     * URL, with the configured headers, within {@code timeout}, and completes with the answer's
     * JSON object or an {@link LlmException} classified as for {@link #post}: for APIs beside the
     * endpoint, such as a batch API's file upload ({@code multipart/form-data}) and its batches.
     *
     * @param method a method with a body, e.g. {@code POST}
     * @param path   starts with {@code /}
     * @throws IllegalArgumentException when {@code path} does not make a valid URL with the base
     */
    public CompletableFuture<JsonNode> sendTo(String method, String path, String contentType, byte[] body,
            Duration timeout) {
        return sendTo(method, path, contentType, HttpRequest.BodyPublishers.ofByteArray(body), timeout);
    }

    /**
     * {@link #sendTo(String, String, String, byte[], Duration)} with the body as a publisher, so a
     * large body (a 200 MB upload) can be sent in parts without first being copied into one array.
     */
    public CompletableFuture<JsonNode> sendTo(String method, String path, String contentType,
            HttpRequest.BodyPublisher body, Duration timeout) {
        URI uri = uriOf(path);
        JdkTransport jdk = jdk();
        HttpRequest request = jdk.request(uri, timeout)
                .header("Content-Type", Objects.requireNonNull(contentType, "contentType"))
                .header("Accept", "application/json")
                .method(Objects.requireNonNull(method, "method"), Objects.requireNonNull(body, "body"))
                .build();
        return send(jdk.send(request), new AnswerClassifier(uri, timeout, clock, secrets));
    }

    /**
     * GETs {@code path} under the base URL and completes with the body as text, whatever its
     * content type (a JSONL file), or an {@link LlmException} classified as for {@link #post}.
     *
     * @throws IllegalArgumentException when {@code path} does not make a valid URL with the base
     */
    public CompletableFuture<String> getText(String path, Duration timeout) {
        URI uri = uriOf(path);
        JdkTransport jdk = jdk();
        AnswerClassifier classifier = new AnswerClassifier(uri, timeout, clock, secrets);
        return send(jdk.send(jdk.request(uri, timeout).GET().build()), classifier::text);
    }

    private URI uriOf(String path) {
        try {
            return new URI(base + Objects.requireNonNull(path, "path"));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("path '" + path + "' does not make a URL with the base URL");
        }
    }

    /** The URL of {@code path} under the base URL, as {@link #get} asks it. */
    String url(String path) {
        return base + path;
    }

    /** The JSON outcome of {@code exchange} classified by {@code classifier}; see {@link #send(CompletableFuture, Reading)}. */
    private static CompletableFuture<JsonNode> send(CompletableFuture<HttpAnswer> exchange, AnswerClassifier classifier) {
        return send(exchange, classifier::outcome);
    }

    /** How an answer, or the failure in its place, is read: a classifier's JSON or its text. */
    private interface Reading<T> {
        T read(HttpAnswer answer, Throwable failure) throws LlmException;
    }

    /**
     * The outcome of {@code exchange} as {@code reading} reads it; cancelling the result cancels
     * the exchange.
     */
    private static <T> CompletableFuture<T> send(CompletableFuture<HttpAnswer> exchange, Reading<T> reading) {
        CompletableFuture<T> result = new CompletableFuture<>();
        exchange.whenComplete((answer, failure) -> {
            if (result.isDone()) {
                return;
            }
            try {
                result.complete(reading.read(answer, failure));
            } catch (LlmException e) {
                result.completeExceptionally(e);
            }
        });
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                exchange.cancel(true);
            }
        });
        return result;
    }

    /** A {@link LlmException.Kind#MALFORMED_RESPONSE} naming this endpoint and {@code what}. */
    public LlmException malformed(String what) {
        return answers.malformed(what);
    }

    /**
     * Server text fit for an exception message: secrets removed first, then whitespace runs
     * collapsed and the result cut to {@link #MAX_EXCERPT} characters.
     */
    public String excerpt(String text) {
        return answers.excerpt(text);
    }

    /** The endpoint, the header names and the timeout; never a secret. */
    @Override
    public String toString() {
        return "JsonHttpClient[endpoint=" + endpoint + ", headers=" + headers.keySet() + ", secret="
                + (secrets.isEmpty() ? "none" : "set") + ", timeout=" + timeout + ", transport=" + transport.kind() + "]";
    }

    /**
     * The most telling part of an error body: OpenAI's {@code error.message}, a plain
     * {@code error}, {@code message} or {@code detail} string, else the body itself.
     */
    public static String errorText(String body) {
        return AnswerClassifier.errorText(body);
    }

    // ---------------------------------------------------------------- builder

    /**
     * Configures a {@link JsonHttpClient}; {@link #endpoint} is required. {@link #build()} checks
     * every setting and names the one that is wrong, without quoting a secret.
     */
    public static final class Builder {
        private String baseUrl;
        private String path = "";
        private URI endpoint;
        private String base;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final List<String> secrets = new ArrayList<>();
        private Duration timeout = Duration.ofSeconds(120);
        private HttpClient httpClient;
        private HttpTransport transport;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /**
         * Posts to {@code baseUrl} followed by {@code path}, e.g. {@code http://localhost:8000/v1}
         * and {@code /chat/completions}. {@code baseUrl} must be an absolute {@code http} or
         * {@code https} URL without user info, query or fragment; a trailing slash is dropped.
         */
        public Builder endpoint(String baseUrl, String path) {
            this.baseUrl = baseUrl;
            this.path = Objects.requireNonNull(path, "path");
            return this;
        }

        /**
         * Sends {@code Authorization: Bearer <token>}; {@code null} or blank sends none. The
         * token is redacted from messages.
         */
        public Builder bearerToken(String token) {
            if (token != null && !token.isBlank()) {
                checkHeaderValue("the bearer token", token.strip());
                secrets.add(token.strip());
                headers.put("Authorization", "Bearer " + token.strip());
            }
            return this;
        }

        /** Sends a header whose value is a secret (a gateway token): redacted from messages. */
        public Builder secretHeader(String name, String value) {
            checkHeaderValue(name, Objects.requireNonNull(value, name));
            secrets.add(value);
            headers.put(checkHeaderName(name), value);
            return this;
        }

        /** Sends a header with every request (a tenant id, a routing hint). */
        public Builder header(String name, String value) {
            headers.put(checkHeaderName(name), checkHeaderValue(name, Objects.requireNonNull(value, name)));
            return this;
        }

        /** How long one request may take, from sending to the whole answer; default 120 s. */
        public Builder timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        /**
         * The JDK HTTP client to use, e.g. one with a proxy or custom TLS: for the batch API's
         * requests always, and for the JSON requests too unless {@link #transport} says
         * another. Default: one of its own, made on first use,
         * HTTP/1.1 for {@code http} URLs, HTTP/2 where {@code https} offers it, connect timeout the
         * smaller of the timeout and 30 s, its tasks run on the threads that send the requests.
         */
        public Builder httpClient(HttpClient value) {
            this.httpClient = value;
            return this;
        }

        /**
         * The HTTP client the JSON requests ({@link JsonHttpClient#post}, {@link
         * JsonHttpClient#get}) go through. Default: {@link HttpTransport#APACHE_ASYNC APACHE_ASYNC},
         * or {@link HttpTransport#JDK JDK} when an {@link #httpClient} is given. {@code null}
         * restores that default. Apache and {@link HttpTransport#OKHTTP OKHTTP} connect within the
         * smaller of the timeout and 30 s; Apache speaks HTTP/1.1 only, OkHttp HTTP/1.1 for
         * {@code http} URLs and HTTP/2 where {@code https} offers it.
         */
        public Builder transport(HttpTransport value) {
            this.transport = value;
            return this;
        }

        /**
         * The clock an HTTP-date {@code Retry-After} is measured from (default the system's). A
         * calendar clock, not a {@link io.augcon.api.Scheduler}: such a date names an instant,
         * which monotonic time cannot be compared with.
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** @throws IllegalArgumentException naming the setting that is missing or invalid */
        public JsonHttpClient build() {
            endpoint = endpointFor(baseUrl, path);
            if (timeout == null || timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("timeout must be positive, was " + timeout);
            }
            HttpTransport kind = transport != null ? transport : httpClient != null ? HttpTransport.JDK : HttpTransport.APACHE_ASYNC;
            return new JsonHttpClient(this, kind);
        }

        private URI endpointFor(String base, String tail) {
            if (base == null || base.isBlank()) {
                throw new IllegalArgumentException("baseUrl is required, e.g. http://localhost:8000/v1");
            }
            String trimmed = base.strip();
            while (trimmed.endsWith("/")) {
                trimmed = trimmed.substring(0, trimmed.length() - 1);
            }
            this.base = trimmed;
            URI uri;
            try {
                uri = new URI(trimmed + tail);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("baseUrl is not a valid URL: '" + AnswerClassifier.redact(base, secrets) + "'");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new IllegalArgumentException(
                        "baseUrl must be an absolute http or https URL with a host, was '" + AnswerClassifier.redact(base, secrets) + "'");
            }
            if (uri.getRawUserInfo() != null) {
                throw new IllegalArgumentException("baseUrl must not contain user info; use apiKey for credentials");
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("baseUrl must not contain a query or fragment, was '" + AnswerClassifier.redact(base, secrets) + "'");
            }
            return uri;
        }

        private static String checkHeaderName(String name) {
            if (name == null || name.isBlank() || !name.chars().allMatch(ch -> ch > ' ' && ch < 0x7f && ch != ':')) {
                throw new IllegalArgumentException("header name must be a non-blank token, was '" + name + "'");
            }
            return name;
        }

        private static String checkHeaderValue(String name, String value) {
            if (value.chars().anyMatch(ch -> ch < ' ' || ch == 0x7f)) {
                throw new IllegalArgumentException(name + " must not contain control characters");
            }
            return value;
        }
    }
}
