package io.augcon.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.augcon.api.ChatMessage;
import io.augcon.api.FinishReason;
import io.augcon.api.LlmBackend;
import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * <p>Endpoints:
 * <ul>
 *   <li>{@code POST /v1/chat/completions}: a chat completion. The body's {@code messages}
 *       (roles {@code system}, {@code user}, {@code assistant}; content a string or an array of
 *       text parts), {@code temperature}, {@code max_tokens} (or {@code max_completion_tokens}),
 *       {@code stop} (a string or an array) and {@code seed} become the {@link LlmRequest};
 *       fields left out take the {@link LlmRequest.Builder} defaults, and other fields are
 *       ignored. The reply is a {@code chat.completion} object with one choice, the
 *       {@link #builder() configured} model name and the handler's usage.</li>
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
 * <p>Replies are sent when the handler's stage completes, on whichever thread completes it, so
 * a handler that holds its answers keeps many requests in flight at once; {@link #maxInFlight()}
 * reports how many were. The server is thread-safe.
 */
public final class LoopbackOpenAiServer implements AutoCloseable {

    /** The path of the chat endpoint under the server root. */
    private static final String CHAT_PATH = "/v1/chat/completions";
    /** The path of the model list under the server root. */
    private static final String MODELS_PATH = "/v1/models";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String apiKey;
    private final String model;
    private final LlmBackend handler;
    private final int threads;

    private final Object lock = new Object();
    private final List<LlmRequest> requests = new ArrayList<>();
    private final List<String> requestBodies = new ArrayList<>();
    private final Deque<Fault> faults = new ArrayDeque<>();
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
     * How many {@code POST /v1/chat/completions} requests arrived, whatever their outcome
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
        String body = errorJson(status, "injected failure (HTTP " + status + ")", typeFor(status), null);
        enqueue(new Fault(status, body), times);
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
        enqueue(new Fault(status, Objects.requireNonNull(body, "body")), times);
    }

    private void enqueue(Fault fault, int times) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be >= 1, was " + times);
        }
        synchronized (lock) {
            for (int i = 0; i < times; i++) {
                faults.addLast(fault);
            }
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
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            s = server;
            e = executor;
        }
        if (s != null) {
            s.stop(0);
        }
        if (e != null) {
            e.shutdownNow();
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
            if (CHAT_PATH.equals(path)) {
                if (!"POST".equals(method)) {
                    drain(exchange);
                    sendError(exchange, 405, "Method " + method + " not allowed for " + path, null);
                } else {
                    handleChat(exchange);
                }
            } else if (MODELS_PATH.equals(path)) {
                drain(exchange);
                if (!"GET".equals(method)) {
                    sendError(exchange, 405, "Method " + method + " not allowed for " + path, null);
                } else if (!authorized(exchange)) {
                    return;
                } else {
                    send(exchange, 200, modelsJson());
                }
            } else {
                drain(exchange);
                sendError(exchange, 404, "Invalid URL (" + method + " " + path + ")", "unknown_url");
            }
        } catch (IOException | RuntimeException e) {
            exchange.close();
        }
    }

    private void handleChat(HttpExchange exchange) throws IOException {
        requestCount.incrementAndGet();
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        boolean async = false;
        try {
            String body = new String(readBody(exchange), StandardCharsets.UTF_8);
            if (!authorized(exchange)) {
                return;
            }
            LlmRequest request;
            try {
                request = parseChatRequest(body);
            } catch (BadRequest e) {
                sendError(exchange, 400, e.getMessage(), null);
                return;
            }
            Fault fault;
            synchronized (lock) {
                requests.add(request);
                requestBodies.add(body);
                fault = faults.pollFirst();
            }
            if (fault != null) {
                send(exchange, fault.status, fault.body);
                return;
            }
            CompletionStage<LlmResponse> stage;
            try {
                stage = Objects.requireNonNull(handler.complete(request), "handler returned a null stage");
            } catch (RuntimeException e) {
                stage = CompletableFuture.failedFuture(e);
            }
            async = true;
            stage.whenComplete((response, failure) -> reply(exchange, response, failure));
        } finally {
            if (!async) {
                inFlight.decrementAndGet();
            }
        }
    }

    private void reply(HttpExchange exchange, LlmResponse response, Throwable failure) {
        try {
            if (failure == null && response == null) {
                failure = new NullPointerException("handler completed with a null response");
            }
            if (failure != null) {
                Throwable cause = unwrap(failure);
                int status = statusFor(cause);
                String message = "handler failed: " + cause.getClass().getSimpleName()
                        + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
                sendError(exchange, status, message, null);
            } else {
                send(exchange, 200, completionJson(response));
            }
        } catch (IOException | RuntimeException e) {
            exchange.close();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private boolean authorized(HttpExchange exchange) throws IOException {
        if (apiKey == null) {
            return true;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || header.isBlank()) {
            sendError(exchange, 401, "You didn't provide an API key. You need to provide your API key in an"
                    + " Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", null);
            return false;
        }
        String presented = header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : header;
        if (!apiKey.equals(presented)) {
            sendError(exchange, 401, "Incorrect API key provided: " + presented + ".", "invalid_api_key");
            return false;
        }
        return true;
    }

    // ---------------------------------------------------------------- JSON in

    /** Parses a chat request body; throws {@link BadRequest} with a client-facing message. */
    private static LlmRequest parseChatRequest(String body) throws BadRequest {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadRequest("We could not parse the JSON body of your request: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new BadRequest("The request body must be a JSON object.");
        }
        if (root.path("stream").asBoolean(false)) {
            throw new BadRequest("This server does not support streaming ('stream': true).");
        }
        JsonNode messages = root.get("messages");
        if (messages == null || messages.isNull()) {
            throw new BadRequest("Missing required parameter: 'messages'.");
        }
        if (!messages.isArray() || messages.isEmpty()) {
            throw new BadRequest("'messages' must be a non-empty array.");
        }
        LlmRequest.Builder b = LlmRequest.builder();
        for (int i = 0; i < messages.size(); i++) {
            b.message(parseMessage(messages.get(i), i));
        }
        JsonNode temperature = root.get("temperature");
        if (temperature != null && !temperature.isNull()) {
            if (!temperature.isNumber()) {
                throw new BadRequest("'temperature' must be a number.");
            }
            b.temperature(temperature.asDouble());
        }
        JsonNode maxTokens = root.get("max_tokens");
        if (maxTokens == null || maxTokens.isNull()) {
            maxTokens = root.get("max_completion_tokens");
        }
        if (maxTokens != null && !maxTokens.isNull()) {
            if (!maxTokens.isIntegralNumber() || !maxTokens.canConvertToInt()) {
                throw new BadRequest("'max_tokens' must be an integer.");
            }
            b.maxTokens(maxTokens.asInt());
        }
        JsonNode stop = root.get("stop");
        if (stop != null && !stop.isNull()) {
            List<String> stops = new ArrayList<>();
            if (stop.isTextual()) {
                stops.add(stop.asText());
            } else if (stop.isArray()) {
                for (JsonNode s : stop) {
                    if (!s.isTextual()) {
                        throw new BadRequest("'stop' must be a string or an array of strings.");
                    }
                    stops.add(s.asText());
                }
            } else {
                throw new BadRequest("'stop' must be a string or an array of strings.");
            }
            b.stop(stops);
        }
        JsonNode seed = root.get("seed");
        if (seed != null && !seed.isNull()) {
            if (!seed.isIntegralNumber() || !seed.canConvertToLong()) {
                throw new BadRequest("'seed' must be an integer.");
            }
            b.seed(seed.asLong());
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new BadRequest("Invalid request: " + e.getMessage());
        }
    }

    private static ChatMessage parseMessage(JsonNode message, int index) throws BadRequest {
        String where = "messages[" + index + "]";
        if (message == null || !message.isObject()) {
            throw new BadRequest("'" + where + "' must be an object.");
        }
        JsonNode roleNode = message.get("role");
        if (roleNode == null || !roleNode.isTextual()) {
            throw new BadRequest("Missing required parameter: '" + where + ".role'.");
        }
        ChatMessage.Role role;
        switch (roleNode.asText()) {
            case "system":
            case "developer":
                role = ChatMessage.Role.SYSTEM;
                break;
            case "user":
                role = ChatMessage.Role.USER;
                break;
            case "assistant":
                role = ChatMessage.Role.ASSISTANT;
                break;
            default:
                throw new BadRequest("Invalid value: '" + roleNode.asText() + "'. Supported values are:"
                        + " 'system', 'developer', 'user' and 'assistant'. (" + where + ".role)");
        }
        JsonNode content = message.get("content");
        if (content == null || content.isNull()) {
            throw new BadRequest("Missing required parameter: '" + where + ".content'.");
        }
        if (content.isTextual()) {
            return new ChatMessage(role, content.asText());
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                if (!part.isObject() || !"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
                    throw new BadRequest("'" + where + ".content' parts must be {\"type\": \"text\", \"text\": ...}.");
                }
                text.append(part.get("text").asText());
            }
            return new ChatMessage(role, text.toString());
        }
        throw new BadRequest("'" + where + ".content' must be a string or an array of text parts.");
    }

    // ---------------------------------------------------------------- JSON out

    private String completionJson(LlmResponse response) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-loopback-" + completionIds.incrementAndGet());
        root.put("object", "chat.completion");
        root.put("created", System.currentTimeMillis() / 1000);
        root.put("model", model);
        ArrayNode choices = root.putArray("choices");
        ObjectNode choice = choices.addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", response.text());
        String finish = finishReasonText(response.finishReason());
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        choice.putNull("logprobs");
        ObjectNode usage = root.putObject("usage");
        usage.put("prompt_tokens", response.usage().inputTokens());
        usage.put("completion_tokens", response.usage().outputTokens());
        usage.put("total_tokens", response.usage().total());
        return root.toString();
    }

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

    /** The wire name of a finish reason; {@code null} for {@link FinishReason#UNKNOWN}. */
    private static String finishReasonText(FinishReason reason) {
        switch (reason) {
            case STOP:
                return "stop";
            case LENGTH:
                return "length";
            case CONTENT_FILTER:
                return "content_filter";
            case OTHER:
                return "other";
            default:
                return null;
        }
    }

    private static String errorJson(int status, String message, String type, String code) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.putNull("param");
        if (code == null) {
            error.putNull("code");
        } else {
            error.put("code", code);
        }
        return root.toString();
    }

    private static String typeFor(int status) {
        if (status == 429) {
            return "rate_limit_exceeded";
        }
        return status >= 500 ? "server_error" : "invalid_request_error";
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

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    // ---------------------------------------------------------------- I/O

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    private static void drain(HttpExchange exchange) throws IOException {
        readBody(exchange);
    }

    private static void sendError(HttpExchange exchange, int status, String message, String code)
            throws IOException {
        send(exchange, status, errorJson(status, message, typeFor(status), code));
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        } finally {
            exchange.close();
        }
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

    private static final class Fault {
        final int status;
        final String body;

        Fault(int status, String body) {
            this.status = status;
            this.body = body;
        }
    }

    /** A client error, its message meant for the client. */
    private static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Configures a {@link LoopbackOpenAiServer}. Every setting is optional.
     */
    public static final class Builder {
        private String apiKey;
        private String model = "loopback";
        private LlmBackend handler;
        private int threads = 4;

        private Builder() {}

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
