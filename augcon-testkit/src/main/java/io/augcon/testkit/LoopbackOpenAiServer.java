package io.augcon.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.augcon.api.AsyncFailure;
import io.augcon.api.ChatMessage;
import io.augcon.api.FinishReason;
import io.augcon.api.LlmBackend;
import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback HTTP server speaking the OpenAI chat API, for testing HTTP backends without a model
 * or a network. It listens on {@code 127.0.0.1} on an ephemeral port and turns each chat request
 * into an {@link LlmRequest} for a handler {@link LlmBackend}, whose {@link LlmResponse} becomes
 * the reply.
 *
 * <pre>{@code
 * LlmBackend handler = LlmBackend.blocking("m", req -> LlmResponse.of("Question: why?"), pool);
 * try (LoopbackOpenAiServer server = LoopbackOpenAiServer.builder()
 *         .apiKey("k").model("m").handler(handler).build().start()) {
 *     String url = server.baseUrl();          // e.g. http://127.0.0.1:40123/v1
 *     // ... point an OpenAI client at url with key "k" ...
 *     List<LlmRequest> seen = server.requests();
 * }
 * }</pre>
 *
 * <p>Endpoints (each LLM endpoint records its requests in {@link #requests()} and meets the same
 * faults):
 * <ul>
 *   <li>{@code POST /v1/chat/completions}: a chat completion. The body's {@code messages}
 *       (roles {@code system}, {@code user}, {@code assistant}; content a string or an array of
 *       text parts), {@code temperature}, {@code max_tokens} (or {@code max_completion_tokens}),
 *       {@code stop} (a string or an array) and {@code seed} become the {@link LlmRequest};
 *       fields left out take the {@link LlmRequest.Builder} defaults, and other fields are
 *       ignored. The reply is a {@code chat.completion} object with one choice, the
 *       {@link #builder() configured} model name and the handler's usage.</li>
 *   <li>{@code POST /v1/completions}: OpenAI's legacy completions, as vLLM and llama.cpp serve
 *       them: {@code prompt} (a string) and the same sampling fields; the answer is in
 *       {@code choices[0].text}.</li>
 *   <li>{@code POST /api/chat}: Ollama's native chat: {@code messages}, {@code stream: false}
 *       (required) and {@code options} ({@code temperature}, {@code num_predict}, {@code stop},
 *       {@code seed}); the reply has {@code message.content}, {@code done_reason},
 *       {@code prompt_eval_count} and {@code eval_count}; errors are {@code {"error": "..."}}.
 *       Its root is {@link #rootUrl()}.</li>
 *   <li>{@code GET /v1/models}: a list holding the configured model.</li>
 * </ul>
 *
 * <p>Failures are answered with OpenAI-style error JSON, {@code {"error": {"message", "type",
 * "param", "code"}}}: 401 when an API key is configured and the request lacks
 * {@code Authorization: Bearer <key>} (like OpenAI, the message repeats the key that was
 * presented, so clients can test that they redact it); 400 for a body that is not JSON, has no
 * messages, asks for streaming or holds invalid values; 404 for an unknown path; 405 for a wrong
 * method; 500 when the handler throws or its stage fails. A handler failure that is an
 * {@link LlmException} with an HTTP {@linkplain LlmException#status() status} is answered with
 * that status, and one of kind {@link LlmException.Kind#RATE_LIMITED RATE_LIMITED} without a
 * status with 429, so a handler can fail chosen requests with chosen statuses.
 *
 * <p>Faults ({@link ServerFault}): {@link #inject} queues faults for the next requests,
 * {@link #faultMix} draws them at random with a seed, {@link #latency} delays answers;
 * {@link #failNext} and {@link #replyNext} are shorthands. A fault can be an error status with
 * headers (a 429 with {@code Retry-After}), a raw body of any content type (JSON cut short, an
 * HTML page), a connection closed without a reply, or no reply until the server closes.
 *
 * <p>Replies are sent when the handler's stage completes, on whichever thread completes it, so
 * a handler that holds its answers keeps many requests in flight at once; {@link #maxInFlight()}
 * reports how many were. The server is thread-safe.
 */
public final class LoopbackOpenAiServer implements AutoCloseable {

    /** The path of the model list under the server root. */
    private static final String MODELS_PATH = "/v1/models";

    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // The JDK's HTTP server writes a reply's headers and body separately and leaves Nagle's
        // algorithm on, so the body waits for the client's delayed ACK of the headers: every reply
        // took about 47 ms longer than its latency (UtilizationRun, 200 ms and 1,000 ms alike). An
        // inference server answers without that wait. Read once per JVM, when the first JDK HTTP
        // server starts; a value set on the command line is kept.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final String apiKey;
    private final String model;
    private final LlmBackend handler;
    private final int threads;
    private final ServiceSlots slots;

    private final Object lock = new Object();
    private final List<LlmRequest> requests = new ArrayList<>();
    private final List<String> requestBodies = new ArrayList<>();
    private final List<Map<String, List<String>>> requestHeaders = new ArrayList<>();
    private final FaultPlan faults = new FaultPlan();
    private final List<HttpExchange> hung = new ArrayList<>();
    private Duration latency = Duration.ZERO;
    private ScheduledExecutorService delayer;
    private final AtomicInteger requestCount = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicLong completionIds = new AtomicLong();

    private HttpServer server;
    private ExecutorService executor;
    private boolean started;
    private boolean closed;

    private LoopbackOpenAiServer(Builder b) {
        this.apiKey = b.apiKey;
        this.model = b.model;
        this.handler = b.handler != null ? b.handler : echoHandler(b.model);
        this.threads = b.threads;
        this.slots = b.slots;
    }

    /** A builder with no API key, model {@code loopback}, an echoing handler and 4 threads. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds {@code 127.0.0.1} on an ephemeral port and starts serving.
     *
     * @return this server, for chaining into try-with-resources
     * @throws IllegalStateException when already started or closed
     * @throws UncheckedIOException  when the port cannot be bound
     */
    public LoopbackOpenAiServer start() {
        synchronized (lock) {
            if (started || closed) {
                throw new IllegalStateException(closed ? "server is closed" : "server already started");
            }
            HttpServer s;
            try {
                s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot bind a loopback port", e);
            }
            executor = Executors.newFixedThreadPool(threads, daemonThreads());
            delayer = Executors.newSingleThreadScheduledExecutor(daemonThreads());
            s.setExecutor(executor);
            s.createContext("/", this::handle);
            s.start();
            server = s;
            started = true;
            return this;
        }
    }

    /**
     * The API root clients should use, e.g. {@code http://127.0.0.1:40123/v1} (no trailing
     * slash).
     *
     * @throws IllegalStateException before {@link #start()}
     */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    /**
     * The server root without the {@code /v1} path, e.g. {@code http://127.0.0.1:40123}, as
     * Ollama clients want it.
     *
     * @throws IllegalStateException before {@link #start()}
     */
    public String rootUrl() {
        return "http://127.0.0.1:" + port();
    }

    /**
     * The bound port.
     *
     * @throws IllegalStateException before {@link #start()}
     */
    public int port() {
        synchronized (lock) {
            if (server == null) {
                throw new IllegalStateException("server not started");
            }
            return server.getAddress().getPort();
        }
    }

    /** The model name the server reports in replies and in {@code /v1/models}. */
    public String model() {
        return model;
    }

    /**
     * The well-formed, authorized chat requests received so far, in arrival order, including
     * those answered by an injected fault. A snapshot: later requests do not change it.
     */
    public List<LlmRequest> requests() {
        synchronized (lock) {
            return List.copyOf(requests);
        }
    }

    /**
     * The raw JSON bodies of the requests in {@link #requests()}, in the same order, for checking
     * exactly what went over the wire.
     */
    public List<String> requestBodies() {
        synchronized (lock) {
            return List.copyOf(requestBodies);
        }
    }

    /**
     * The HTTP headers of the requests in {@link #requests()}, in the same order, names in lower
     * case, for checking the headers a client sends.
     */
    public List<Map<String, List<String>>> requestHeaders() {
        synchronized (lock) {
            return List.copyOf(requestHeaders);
        }
    }

    private static Map<String, List<String>> headersOf(HttpExchange exchange) {
        Map<String, List<String>> headers = new java.util.TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(java.util.Locale.ROOT), List.copyOf(values)));
        return java.util.Collections.unmodifiableMap(headers);
    }

    /**
     * How many LLM requests (on any of the POST endpoints) arrived, whatever their outcome
     * (rejected ones included), so it may exceed {@code requests().size()}.
     */
    public int requestCount() {
        return requestCount.get();
    }

    /**
     * The highest number of chat requests that were being served at the same moment: from the
     * arrival of a request until its reply was written.
     */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    /**
     * Makes the next {@code times} well-formed, authorized chat requests fail with {@code status}
     * and an OpenAI-style error body, without calling the handler. Faults queue up behind those
     * already injected. The requests still count in {@link #requests()}.
     *
     * @param status an HTTP status, 400 to 599
     * @param times  how many requests, at least 1
     */
    public void failNext(int status, int times) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be in [400, 599], was " + status);
        }
        inject(ServerFault.status(status), times);
    }

    /**
     * Makes the next {@code times} well-formed, authorized chat requests get exactly this status
     * and body (sent as {@code application/json}, whatever it holds), without calling the
     * handler; for testing how clients take malformed or unusual answers. Faults queue up behind
     * those already injected.
     *
     * @param status an HTTP status, 200 to 599
     * @param body   the raw body
     * @param times  how many requests, at least 1
     */
    public void replyNext(int status, String body, int times) {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("status must be in [200, 599], was " + status);
        }
        inject(ServerFault.raw(status, "application/json; charset=utf-8", body), times);
    }

    /**
     * Makes the next {@code times} well-formed, authorized LLM requests (on any endpoint) meet
     * {@code fault} instead of the handler. Faults queue up behind those already injected and
     * come before the {@linkplain #faultMix mix}. The requests still count in {@link #requests()}.
     *
     * @param times how many requests, at least 1
     */
    public void inject(ServerFault fault, int times) {
        faults.inject(fault, times);
    }

    /**
     * From now on, each well-formed, authorized LLM request that no {@linkplain #inject injected}
     * fault takes meets one of {@code shares}' faults with its probability (drawn from a random
     * sequence seeded with {@code seed}, in request arrival order), else the handler. An empty
     * map ends the mix.
     *
     * @throws IllegalArgumentException when a share is negative or they add up to more than 1
     */
    public void faultMix(long seed, Map<ServerFault, Double> shares) {
        faults.mix(seed, shares);
    }

    /** How many requests met each fault so far, injected or mixed. */
    public Map<ServerFault, Integer> faultsInjected() {
        return faults.met();
    }

    /**
     * Delays every reply the handler gives by {@code value} (faults are not delayed), to stand in
     * for a model's generation time. Default zero.
     */
    public void latency(Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException("latency must be >= 0, was " + value);
        }
        synchronized (lock) {
            latency = value;
        }
    }

    /**
     * Stops serving and closes open connections at once; requests still waiting for the handler
     * are dropped. Idempotent.
     */
    @Override
    public void close() {
        HttpServer s;
        ExecutorService e;
        List<HttpExchange> hanging;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            s = server;
            e = executor;
            hanging = List.copyOf(hung);
            hung.clear();
        }
        hanging.forEach(HttpExchange::close);
        if (s != null) {
            s.stop(0);
        }
        if (e != null) {
            e.shutdownNow();
        }
        if (delayer != null) {
            delayer.shutdownNow();
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            String where = server == null ? (closed ? "closed" : "not started")
                    : "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
            return "LoopbackOpenAiServer[" + where + ", model=" + model + "]";
        }
    }

    // ---------------------------------------------------------------- request handling

    private void handle(HttpExchange exchange) {
        try {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            Dialect dialect = Dialect.at(path);
            if (dialect != null) {
                if (!"POST".equals(method)) {
                    Exchanges.drain(exchange);
                    Exchanges.sendError(exchange, dialect, 405, "Method " + method + " not allowed for " + path, null);
                } else {
                    handleLlm(exchange, dialect);
                }
            } else if (MODELS_PATH.equals(path)) {
                Exchanges.drain(exchange);
                if (!"GET".equals(method)) {
                    Exchanges.sendError(exchange, Dialect.OPENAI_CHAT, 405, "Method " + method + " not allowed for " + path, null);
                } else if (!authorized(exchange, Dialect.OPENAI_CHAT)) {
                    return;
                } else {
                    Exchanges.send(exchange, 200, modelsJson());
                }
            } else {
                Exchanges.drain(exchange);
                Exchanges.sendError(exchange, Dialect.OPENAI_CHAT, 404, "Invalid URL (" + method + " " + path + ")", "unknown_url");
            }
        } catch (IOException | RuntimeException e) {
            exchange.close();
        }
    }

    private void handleLlm(HttpExchange exchange, Dialect dialect) throws IOException {
        requestCount.incrementAndGet();
        long arrival = slots != null ? slots.now() : 0;
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        boolean async = false;
        try {
            String body = new String(Exchanges.readBody(exchange), StandardCharsets.UTF_8);
            if (!authorized(exchange, dialect)) {
                return;
            }
            LlmRequest request;
            try {
                request = dialect.parse(body);
            } catch (Dialect.BadRequest e) {
                Exchanges.sendError(exchange, dialect, 400, e.getMessage(), null);
                return;
            }
            ServerFault fault;
            Duration delay;
            synchronized (lock) {
                requests.add(request);
                requestBodies.add(body);
                requestHeaders.add(headersOf(exchange));
                fault = faults.next();
                delay = latency;
            }
            if (fault != null) {
                async = fault.mode == ServerFault.Mode.HANG;
                meet(exchange, dialect, fault);
                return;
            }
            CompletionStage<LlmResponse> stage;
            try {
                stage = Objects.requireNonNull(handler.complete(request), "handler returned a null stage");
            } catch (RuntimeException e) {
                stage = CompletableFuture.failedFuture(e);
            }
            async = true;
            stage.whenComplete((response, failure) -> {
                if (slots != null) {
                    slots.serve(arrival, outputTokens(response), () -> reply(exchange, dialect, response, failure));
                } else {
                    later(delay, () -> reply(exchange, dialect, response, failure));
                }
            });
        } finally {
            if (!async) {
                inFlight.decrementAndGet();
            }
        }
    }

    /** The answer's output tokens as its usage says, else estimated from its text; 0 for a failure. */
    private static long outputTokens(LlmResponse response) {
        if (response == null) {
            return 0;
        }
        return response.usage() != null ? response.usage().outputTokens() : ScriptedAnswers.estimateTokens(response.text());
    }

    private void later(Duration delay, Runnable task) {
        if (delay.isZero()) {
            task.run();
            return;
        }
        try {
            delayer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
            task.run();
        }
    }

    private void meet(HttpExchange exchange, Dialect dialect, ServerFault fault) throws IOException {
        switch (fault.mode) {
            case STATUS:
                fault.headers.forEach(exchange.getResponseHeaders()::set);
                Exchanges.sendError(exchange, dialect, fault.status, "injected failure (HTTP " + fault.status + ")", null);
                break;
            case RAW:
                fault.headers.forEach(exchange.getResponseHeaders()::set);
                Exchanges.send(exchange, fault.status, fault.contentType, fault.body);
                break;
            case CLOSE:
                // Closing before any reply byte closes the connection under the client.
                exchange.close();
                break;
            case HANG:
                boolean closing;
                synchronized (lock) {
                    closing = closed;
                    if (!closing) {
                        hung.add(exchange);
                    }
                }
                if (closing) {
                    exchange.close();
                }
                break;
            default:
                throw new IllegalStateException("unknown fault mode " + fault.mode);
        }
    }

    private void reply(HttpExchange exchange, Dialect dialect, LlmResponse response, Throwable failure) {
        try {
            if (failure == null && response == null) {
                failure = new NullPointerException("handler completed with a null response");
            }
            if (failure != null) {
                Throwable cause = AsyncFailure.cause(failure);
                int status = statusFor(cause);
                String message = "handler failed: " + cause.getClass().getSimpleName()
                        + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
                Exchanges.sendError(exchange, dialect, status, message, null);
            } else {
                Exchanges.send(exchange, 200, dialect.reply(response, model, completionIds.incrementAndGet()));
            }
        } catch (IOException | RuntimeException e) {
            exchange.close();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private boolean authorized(HttpExchange exchange, Dialect dialect) throws IOException {
        if (apiKey == null) {
            return true;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || header.isBlank()) {
            Exchanges.sendError(exchange, dialect, 401, "You didn't provide an API key. You need to provide your API key in an"
                    + " Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", null);
            return false;
        }
        String presented = header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : header;
        if (!apiKey.equals(presented)) {
            Exchanges.sendError(exchange, dialect, 401, "Incorrect API key provided: " + presented + ".", "invalid_api_key");
            return false;
        }
        return true;
    }

    // ---------------------------------------------------------------- JSON out

    private String modelsJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("object", "list");
        ObjectNode entry = root.putArray("data").addObject();
        entry.put("id", model);
        entry.put("object", "model");
        entry.put("created", 0);
        entry.put("owned_by", "augcon-testkit");
        return root.toString();
    }

    private static int statusFor(Throwable cause) {
        if (cause instanceof LlmException) {
            LlmException e = (LlmException) cause;
            if (e.status().isPresent() && e.status().getAsInt() >= 400 && e.status().getAsInt() <= 599) {
                return e.status().getAsInt();
            }
            if (e.kind() == LlmException.Kind.RATE_LIMITED) {
                return 429;
            }
        }
        return 500;
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "loopback-openai-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Answers with the last message's content, stopped, no usage. */
    private static LlmBackend echoHandler(String model) {
        return new LlmBackend() {
            @Override
            public CompletionStage<LlmResponse> complete(LlmRequest request) {
                List<ChatMessage> messages = request.asMessages();
                String text = messages.get(messages.size() - 1).content();
                return CompletableFuture.completedFuture(
                        new LlmResponse(text, FinishReason.STOP, null, model));
            }

            @Override
            public String modelName() {
                return model;
            }
        };
    }

    /**
     * Configures a {@link LoopbackOpenAiServer}. Every setting is optional.
     */
    public static final class Builder {
        private String apiKey;
        private String model = "loopback";
        private LlmBackend handler;
        private int threads = 4;
        private ServiceSlots slots;

        private Builder() {}

        /**
         * Serves handler answers through {@code value}: a fixed number of slots with a service
         * time per request and per output token (the usage's, else estimated), the rest queued,
         * as an inference server does. Service counts from the request's arrival when a slot is
         * free then, so the server's own parsing and the handler's time are inside it. Replaces
         * {@link LoopbackOpenAiServer#latency}; faults are
         * not served through the slots. Default: none, every answer is sent when ready.
         */
        public Builder serviceSlots(ServiceSlots value) {
            this.slots = Objects.requireNonNull(value, "serviceSlots");
            return this;
        }

        /**
         * Requires {@code Authorization: Bearer <key>} on every request; {@code null} (the
         * default) requires nothing.
         */
        public Builder apiKey(String key) {
            if (key != null && key.isBlank()) {
                throw new IllegalArgumentException("apiKey must not be blank (use null for none)");
            }
            this.apiKey = key;
            return this;
        }

        /** The model name reported in replies and in {@code /v1/models}; default {@code loopback}. */
        public Builder model(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("model must not be blank");
            }
            this.model = name;
            return this;
        }

        /**
         * The backend that answers each chat request. Default: one that echoes the last
         * message's content with finish reason {@code stop} and no usage.
         */
        public Builder handler(LlmBackend backend) {
            this.handler = Objects.requireNonNull(backend, "handler");
            return this;
        }

        /**
         * How many threads read requests and call the handler; default 4. Replies wait for the
         * handler's stage without holding a thread, so this does not limit requests in flight
         * unless the handler blocks inside {@link LlmBackend#complete}.
         */
        public Builder threads(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("threads must be >= 1, was " + n);
            }
            this.threads = n;
            return this;
        }

        /** A server, not yet started: call {@link LoopbackOpenAiServer#start()}. */
        public LoopbackOpenAiServer build() {
            return new LoopbackOpenAiServer(this);
        }
    }
}
