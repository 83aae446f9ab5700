package io.augcon.testkit;

import io.augcon.api.ChatMessage;
import io.augcon.api.FinishReason;
import io.augcon.api.LlmBackend;
import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;

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
 *       {@code stop} (a string or an array), {@code seed} and a {@code json_schema}
 *       {@code response_format} (its name and schema) become the {@link LlmRequest};
 *       fields left out take the {@link LlmRequest.Builder} defaults, and other fields are
 *       ignored. The reply is a {@code chat.completion} object with one choice, the
 *       {@link #builder() configured} model name and the handler's usage.</li>
 *   <li>{@code POST /v1/completions}: OpenAI's legacy completions, as vLLM and llama.cpp serve
 *       them: {@code prompt} (a string) and the same sampling fields; the answer is in
 *       {@code choices[0].text}.</li>
 *   <li>{@code POST /api/chat}: Ollama's native chat: {@code messages}, {@code stream: false}
 *       (required), {@code options} ({@code temperature}, {@code num_predict}, {@code stop},
 *       {@code seed}) and a schema in {@code format} (named {@code format}); the reply has {@code message.content}, {@code done_reason},
 *       {@code prompt_eval_count} and {@code eval_count}; errors are {@code {"error": "..."}}.
 *       Its root is {@link #rootUrl()}.</li>
 *   <li>OpenAI's Batch API: {@code POST /v1/files} (multipart, {@code purpose=batch}),
 *       {@code GET /v1/files/{id}/content}, {@code POST /v1/batches}, {@code GET /v1/batches},
 *       {@code GET /v1/batches/{id}} and {@code POST /v1/batches/{id}/cancel}. Each line of a
 *       batch is answered by the same handler as the chat endpoint (not through the faults, the
 *       latency or the slots, and not recorded in {@link #requests()}: see
 *       {@link #batchLineBodies()}); the status moves one step per poll, through
 *       {@code validating}, {@code in_progress} (until every answer is in and the
 *       {@linkplain #batchProcessingDelay processing delay} passed) and {@code finalizing} to
 *       {@code completed}, or as the batch fault controls say.</li>
 *   <li>{@code GET /v1/models}: a list holding the configured model; {@code GET /api/tags}: the
 *       same in Ollama's shape ({@code models[].name}). {@link #modelListRequests()} counts
 *       both.</li>
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

    static {
        // The JDK's HTTP server writes a reply's headers and body separately and leaves Nagle's
        // algorithm on, so the body waits for the client's delayed ACK of the headers: every reply
        // took about 47 ms longer than its latency (UtilizationRun, 200 ms and 1,000 ms alike). An
        // inference server answers without that wait. Read once per JVM, when the first JDK HTTP
        // server starts; a value set on the command line is kept.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        // It also closes idle connections past 200. With more requests in flight than that, a
        // connection a client is reusing was closed under it now and then: 1, 1, 0 and 7 failed
        // calls in four Chinese runs at 256 slots (UtilizationRun, repeat 2), none with the cap
        // raised. An inference server does not cap its idle connections so low.
        if (System.getProperty("sun.net.httpserver.maxIdleConnections") == null) {
            System.setProperty("sun.net.httpserver.maxIdleConnections", "65536");
        }
    }

    private final String model;
    private final int threads;
    private final int backlog;
    private final SSLContext tls;
    private final RequestLog log;
    private final FaultPlan faults = new FaultPlan();
    private final LlmEndpoint llm;
    private final Routes routes;
    private final BatchApi batches;

    private final Object lock = new Object();
    private LoopbackListener listener;
    private boolean closed;

    private LoopbackOpenAiServer(Builder b) {
        this.model = b.model;
        this.threads = b.threads;
        this.backlog = b.backlog;
        this.log = new RequestLog(b.keepRequests);
        this.tls = b.tls;
        LlmBackend handler = b.handler != null ? b.handler : LlmBackend.blocking(b.model, this::echo, Runnable::run);
        BearerCheck bearer = new BearerCheck(b.apiKey);
        this.llm = new LlmEndpoint(handler, b.model, b.slots, bearer, log, faults);
        this.batches = new BatchApi(handler, b.model, bearer);
        this.routes = new Routes(b.model, bearer, llm, batches);
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
            if (listener != null || closed) {
                throw new IllegalStateException(closed ? "server is closed" : "server already started");
            }
            listener = LoopbackListener.open(threads, backlog, tls, routes);
            return this;
        }
    }

    /**
     * The API root clients should use, e.g. {@code http://127.0.0.1:40123/v1} (no trailing
     * slash; {@code https} with {@link Builder#tls}).
     *
     * @throws IllegalStateException before {@link #start()}
     */
    public String baseUrl() {
        return rootUrl() + "/v1";
    }

    /**
     * The server root without the {@code /v1} path, e.g. {@code http://127.0.0.1:40123}, as
     * Ollama clients want it.
     *
     * @throws IllegalStateException before {@link #start()}
     */
    public String rootUrl() {
        synchronized (lock) {
            if (listener == null) {
                throw new IllegalStateException("server not started");
            }
            return listener.root();
        }
    }

    /**
     * The bound port.
     *
     * @throws IllegalStateException before {@link #start()}
     */
    public int port() {
        synchronized (lock) {
            if (listener == null) {
                throw new IllegalStateException("server not started");
            }
            return listener.port();
        }
    }

    /** The model name the server reports in replies and in {@code /v1/models}. */
    public String model() {
        return model;
    }

    /**
     * The well-formed, authorized chat requests received so far, in arrival order, including
     * those answered by an injected fault. A snapshot: later requests do not change it.
     *
     * @throws IllegalStateException if the server was built with {@link Builder#keepRequests keepRequests(false)}
     */
    public List<LlmRequest> requests() {
        return log.requests();
    }

    /**
     * The raw JSON bodies of the requests in {@link #requests()}, in the same order, for checking
     * exactly what went over the wire.
     *
     * @throws IllegalStateException if the server was built with {@link Builder#keepRequests keepRequests(false)}
     */
    public List<String> requestBodies() {
        return log.bodies();
    }

    /**
     * The HTTP headers of the requests in {@link #requests()}, in the same order, names in lower
     * case, for checking the headers a client sends.
     *
     * @throws IllegalStateException if the server was built with {@link Builder#keepRequests keepRequests(false)}
     */
    public List<Map<String, List<String>>> requestHeaders() {
        return log.headers();
    }

    /**
     * How many LLM requests (on any of the POST endpoints) arrived, whatever their outcome
     * (rejected ones included), so it may exceed {@code requests().size()}.
     */
    public int requestCount() {
        return log.count();
    }

    /**
     * How many requests for the model list ({@code GET /v1/models} or Ollama's
     * {@code GET /api/tags}) arrived, whatever their outcome: a client's preflight shows here.
     */
    public int modelListRequests() {
        return routes.modelListRequests();
    }

    /**
     * The highest number of chat requests that were being served at the same moment: from the
     * arrival of a request until its reply was written.
     */
    public int maxInFlight() {
        return log.maxInFlight();
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
        llm.latency(value);
    }

    /**
     * How long a batch stays {@code in_progress} after its creation, at least; default zero. It
     * applies to the batches that exist already too, so a test can hold one and then let it go.
     */
    public void batchProcessingDelay(Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException("batchProcessingDelay must be >= 0, was " + value);
        }
        batches.processingDelay(value);
    }

    /** Makes the next {@code count} batches created end {@code failed}, with no results. */
    public void failNextBatches(int count) {
        batches.failNextBatches(positive(count));
    }

    /**
     * Makes the next {@code count} batches created end {@code expired}: the first
     * {@code answeredShare} of each one's lines are answered, the rest are error-file lines with
     * code {@code batch_expired}.
     */
    public void expireNextBatches(int count, double answeredShare) {
        if (answeredShare < 0 || answeredShare > 1) {
            throw new IllegalArgumentException("answeredShare must be in [0, 1], was " + answeredShare);
        }
        batches.expireNextBatches(positive(count), answeredShare);
    }

    /** Makes the next {@code count} batch lines, in the order batches are created, error-file lines with status 500. */
    public void failNextBatchLines(int count) {
        batches.failNextLines(positive(count));
    }

    /** Makes the next {@code count} polls of a batch get a 429 with {@code Retry-After: 7}. */
    public void failNextBatchPolls(int count) {
        batches.failNextPolls(positive(count));
    }

    private static int positive(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, was " + count);
        }
        return count;
    }

    /** How many batch input files were uploaded. */
    public int batchUploads() {
        return batches.uploads();
    }

    /** The ids of the batches created, in order of creation. */
    public List<String> batchIds() {
        return batches.batchIds();
    }

    /** The number of lines of each batch created, in order of creation. */
    public List<Integer> batchSizes() {
        return batches.batchSizes();
    }

    /** How many polls of a batch ({@code GET /v1/batches/{id}}) arrived. */
    public int batchPolls() {
        return batches.polls();
    }

    /** How many cancels of a batch arrived. */
    public int batchCancels() {
        return batches.cancels();
    }

    /** The status of batch {@code batchId} as the last poll saw it, or null for an unknown id. */
    public String batchStatus(String batchId) {
        return batches.status(batchId);
    }

    /** The {@code body} of every batch line received, in order: what the online endpoint would have been sent. */
    public List<String> batchLineBodies() {
        return batches.lineBodies();
    }

    /**
     * Stops serving and closes open connections at once; requests still waiting for the handler
     * are dropped. Idempotent.
     */
    @Override
    public void close() {
        LoopbackListener l;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            l = listener;
        }
        llm.close();
        if (l != null) {
            l.close();
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            String where = listener == null ? (closed ? "closed" : "not started")
                    : listener.root() + "/v1";
            return "LoopbackOpenAiServer[" + where + ", model=" + model + "]";
        }
    }

    /** The default handler's answer: the last message's content, stopped, no usage. */
    private LlmResponse echo(LlmRequest request) {
        List<ChatMessage> messages = request.asMessages();
        return new LlmResponse(messages.get(messages.size() - 1).content(), FinishReason.STOP, null, model);
    }

    /**
     * Configures a {@link LoopbackOpenAiServer}. Every setting is optional.
     */
    public static final class Builder {
        private String apiKey;
        private String model = "loopback";
        private LlmBackend handler;
        private int threads = 4;
        private int backlog = 128;
        private ServiceSlots slots;
        private SSLContext tls;
        private boolean keepRequests = true;

        private Builder() {}

        /**
         * Whether the server keeps every well-formed request, its raw body and its headers for
         * {@link LoopbackOpenAiServer#requests()}, {@link LoopbackOpenAiServer#requestBodies()} and
         * {@link LoopbackOpenAiServer#requestHeaders()}; default {@code true}. A benchmark that sends
         * hundreds of thousands of requests turns it off, or the bodies outgrow the server's heap;
         * those three methods then throw {@link IllegalStateException}, and the counts
         * ({@link LoopbackOpenAiServer#requestCount()}, {@link LoopbackOpenAiServer#maxInFlight()})
         * still work.
         */
        public Builder keepRequests(boolean keep) {
            this.keepRequests = keep;
            return this;
        }

        /**
         * Serves over TLS (HTTP/1.1, as the JDK's server speaks it) with {@code context}'s key, for
         * example {@link SelfSignedTls#serverContext()}'s: {@link LoopbackOpenAiServer#baseUrl()}
         * is then an {@code https} URL. Default: {@code null}, plain HTTP.
         */
        public Builder tls(SSLContext context) {
            this.tls = context;
            return this;
        }

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

        /**
         * How many connections the listening socket queues before the server accepts them;
         * default 128. A short queue stands in for a server that a burst of new connections
         * overruns at the start of a run: what the operating system does with the connections
         * past it (reset them, or drop their handshake so the client tries again) is its own.
         */
        public Builder backlog(int connections) {
            if (connections < 1) {
                throw new IllegalArgumentException("backlog must be >= 1, was " + connections);
            }
            this.backlog = connections;
            return this;
        }

        /** A server, not yet started: call {@link LoopbackOpenAiServer#start()}. */
        public LoopbackOpenAiServer build() {
            return new LoopbackOpenAiServer(this);
        }
    }
}
