package io.augcon.llm.openai;

import io.augcon.api.internal.Knob;
import io.augcon.llm.http.HttpTransport;
import io.augcon.llm.http.JsonHttpClient;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The settings every OpenAI-compatible backend shares: where, which model, which key, which
 * extra headers, how long to wait. Only {@link #baseUrl} is required; the concrete builder's
 * {@code build()} checks every setting and names the one that is wrong.
 *
 * @param <B> the concrete builder, returned by every setter for chaining
 */
public abstract class OpenAiCompatibleBuilder<B extends OpenAiCompatibleBuilder<B>> {
    private String baseUrl;
    private String model = "default";
    private String apiKey;
    private String organization;
    private String project;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Duration timeout = Duration.ofSeconds(120);
    private HttpClient httpClient;
    private HttpTransport transport;
    private Clock clock = Clock.systemUTC();

    OpenAiCompatibleBuilder() {}

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * The API root, e.g. {@code https://api.openai.com/v1} or {@code http://localhost:8000/v1},
     * with or without a trailing slash. Required; must be an absolute {@code http} or
     * {@code https} URL without user info, query or fragment.
     */
    public B baseUrl(String url) {
        this.baseUrl = url;
        return self();
    }

    /** The model name sent with every request; default {@code default}. */
    public B model(String name) {
        this.model = name;
        return self();
    }

    /**
     * The key sent as {@code Authorization: Bearer <key>}. {@code null} or blank sends no
     * {@code Authorization} header (fine for local servers). Replaces any key set before.
     */
    public B apiKey(String key) {
        this.apiKey = key == null || key.isBlank() ? null : key.strip();
        return self();
    }

    /**
     * Reads the key from the environment variable {@code varName} now; an unset or blank
     * variable means no key. Replaces any key set before.
     *
     * @throws IllegalArgumentException when {@code varName} is null or blank
     */
    public B apiKeyFromEnv(String varName) {
        return apiKeyFromEnv(varName, System::getenv);
    }

    /** {@link #apiKeyFromEnv(String)} with a given environment, for tests. */
    B apiKeyFromEnv(String varName, Function<String, String> env) {
        return apiKey(env.apply(Knob.notBlank("apiKeyFromEnv's variable name", varName)));
    }

    /** Sends {@code OpenAI-Organization: <id>} (OpenAI accounts in several organisations). */
    public B organization(String id) {
        this.organization = id;
        return self();
    }

    /** Sends {@code OpenAI-Project: <id>}. */
    public B project(String id) {
        this.project = id;
        return self();
    }

    /** Sends a header with every request, e.g. a gateway's routing or tenant header. */
    public B header(String name, String value) {
        headers.put(Objects.requireNonNull(name, "header name"), Objects.requireNonNull(value, "header value"));
        return self();
    }

    /** Sends each of {@code values} as a header with every request. */
    public B headers(Map<String, String> values) {
        values.forEach(this::header);
        return self();
    }

    /**
     * How long one request may take, from sending to the whole answer; default 120 seconds.
     * Must be positive.
     */
    public B timeout(Duration value) {
        this.timeout = value;
        return self();
    }

    /**
     * The JDK HTTP client to use, e.g. one with a proxy or custom TLS; giving one makes the
     * {@linkplain #transport transport} {@link HttpTransport#JDK JDK} unless set otherwise (the
     * batch API always uses it). Default: clients of its own, using HTTP/1.1 for {@code http}
     * URLs and HTTP/2 where {@code https} offers it.
     */
    public B httpClient(HttpClient client) {
        this.httpClient = client;
        return self();
    }

    /**
     * The HTTP client the chat or completions requests and the preflight's model list go
     * through: {@link HttpTransport#APACHE_ASYNC APACHE_ASYNC} by default (a few threads for any
     * number of requests in flight, README "Throughput"), {@link HttpTransport#OKHTTP OKHTTP}, or
     * {@link HttpTransport#JDK JDK} for the JDK's own. Answers and typed failures are the same
     * whichever it is.
     */
    public B transport(HttpTransport value) {
        this.transport = value;
        return self();
    }

    /**
     * The clock an HTTP-date {@code Retry-After} is read against (default the system's): a
     * calendar clock, not a {@link io.augcon.api.Scheduler}, since such a date names an instant.
     */
    public B clock(Clock value) {
        this.clock = Objects.requireNonNull(value, "clock");
        return self();
    }

    /** The configured model name, checked. */
    String checkedModel() {
        return Knob.notBlank("model", model);
    }

    /** The transport for {@code path} under the base URL, every setting checked. */
    JsonHttpClient client(String path) {
        String key = apiKey;
        if (key != null && key.chars().anyMatch(ch -> ch <= ' ' || ch == 0x7f)) {
            throw new IllegalArgumentException("apiKey must not contain whitespace or control characters");
        }
        JsonHttpClient.Builder b = JsonHttpClient.builder()
                .bearerToken(key)
                .endpoint(baseUrl, path)
                .timeout(timeout)
                .httpClient(httpClient)
                .transport(transport)
                .clock(clock);
        if (organization != null && !organization.isBlank()) {
            b.header("OpenAI-Organization", organization.strip());
        }
        if (project != null && !project.isBlank()) {
            b.header("OpenAI-Project", project.strip());
        }
        headers.forEach(b::header);
        JsonHttpClient client = b.build();
        checkedModel();
        return client;
    }
}
