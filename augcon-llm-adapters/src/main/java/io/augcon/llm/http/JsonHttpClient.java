package io.augcon.llm.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augcon.api.LlmException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
    /** How long a sending thread waits for the next request before it ends. */
    private static final Duration SENDER_KEEP_ALIVE = Duration.ofSeconds(30);

    private final URI endpoint;
    /** The base URL the endpoint's path was added to, without a trailing slash. */
    private final String base;
    private final Map<String, String> headers;
    private final List<String> secrets;
    private final Duration timeout;
    private final HttpClient http;
    private final Clock clock;
    private final AnswerClassifier answers;
    private final ExecutorService senders;

    private JsonHttpClient(Builder b, HttpClient http, ExecutorService senders) {
        this.endpoint = b.endpoint;
        this.base = b.base;
        this.clock = b.clock;
        this.headers = Map.copyOf(b.headers);
        this.secrets = List.copyOf(b.secrets);
        this.timeout = b.timeout;
        this.http = http;
        this.answers = new AnswerClassifier(endpoint, timeout, b.clock, secrets);
        this.senders = senders;
    }

    /**
     * The threads that send: as many as requests are in flight, each kept for a while after its
     * last request so a run reuses them, daemons so an idle client keeps no JVM alive.
     */
    private static ExecutorService senders() {
        AtomicInteger number = new AtomicInteger();
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, SENDER_KEEP_ALIVE.toSeconds(), TimeUnit.SECONDS,
                new SynchronousQueue<>(), task -> {
                    Thread t = new Thread(task, "augcon-http-" + number.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
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
        return send(request(bytes), answers);
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
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Accept", "application/json").GET();
        headers.forEach(request::header);
        return send(request.build(), new AnswerClassifier(uri, timeout, clock, secrets));
    }

    /** The URL of {@code path} under the base URL, as {@link #get} asks it. */
    String url(String path) {
        return base + path;
    }

    /**
     * Sends {@code request} on one of this client's threads; its outcome classified by {@code
     * classifier}; cancelling interrupts the send, which cancels the exchange.
     *
     * <p>Why a blocking send on a pool, not {@code sendAsync}: the JDK client hands every
     * {@code sendAsync} answer to {@code CompletableFuture}'s default executor, which on a
     * machine with 2 or fewer cores starts a new thread per task. A run then started one thread
     * per LLM call (16,972 for 16,933 calls, issue 17), and the pipeline's continuations ran on
     * those threads. Here the threads are reused: a run starts about as many as it holds
     * requests in flight, whatever the number of calls (UtilizationRun, README).
     */
    private CompletableFuture<JsonNode> send(HttpRequest request, AnswerClassifier classifier) {
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        Future<?> exchange;
        try {
            exchange = senders.submit(() -> sendBlocking(request, classifier, result));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(classifier.unsent(e));
        }
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                exchange.cancel(true);
            }
        });
        return result;
    }

    /** One blocking exchange, its outcome put into {@code result}. */
    private void sendBlocking(HttpRequest request, AnswerClassifier classifier, CompletableFuture<JsonNode> result) {
        if (result.isDone()) {
            return;
        }
        HttpResponse<String> response = null;
        Throwable failure = null;
        boolean interrupted = false;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            // cancelled through the result: the client has cancelled its exchange
            failure = e;
            interrupted = true;
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
        try {
            result.complete(classifier.outcome(response, failure));
        } catch (LlmException e) {
            result.completeExceptionally(e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The POST of {@code body} with the configured headers, the one place a secret is sent. */
    private HttpRequest request(byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return request.build();
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
                + (secrets.isEmpty() ? "none" : "set") + ", timeout=" + timeout + "]";
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
         * The HTTP client to use. Default: one of its own, HTTP/1.1 for {@code http} URLs, HTTP/2
         * where {@code https} offers it, connect timeout the smaller of the timeout and 30 s, its
         * tasks run on the threads that send the requests.
         */
        public Builder httpClient(HttpClient value) {
            this.httpClient = value;
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
            HttpClient client = httpClient;
            ExecutorService senders = senders();
            if (client == null) {
                Duration connect = timeout.compareTo(Duration.ofSeconds(30)) < 0 ? timeout : Duration.ofSeconds(30);
                // The client's own tasks (reading and writing bodies) run on the sending threads too,
                // which are idle while their exchange is in the client's hands: one pool, not two.
                client = HttpClient.newBuilder()
                        .executor(senders)
                        .version("https".equals(endpoint.getScheme()) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                        .connectTimeout(connect)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
            }
            return new JsonHttpClient(this, client, senders);
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
