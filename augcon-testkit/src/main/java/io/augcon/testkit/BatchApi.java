package io.augcon.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.augcon.api.AsyncFailure;
import io.augcon.api.LlmBackend;
import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * OpenAI's files and batches endpoints on a {@link LoopbackOpenAiServer}: {@code POST /v1/files}
 * (multipart, {@code purpose=batch}), {@code GET /v1/files/{id}/content}, {@code POST /v1/batches},
 * {@code GET /v1/batches} (the list), {@code GET /v1/batches/{id}} and
 * {@code POST /v1/batches/{id}/cancel}. A batch asks the server's handler for every line as the
 * chat endpoint would, at creation; its status moves, one poll at a time, through
 * {@code validating}, {@code in_progress} (until every answer is in and the processing delay
 * passed), {@code finalizing}, then {@code completed}, {@code expired}, {@code failed} or
 * {@code cancelled}, as the fault controls say.
 */
final class BatchApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LlmBackend handler;
    private final String model;
    private final BearerCheck bearer;
    private final Object lock = new Object();
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private final Map<String, Batch> batches = new LinkedHashMap<>();
    private final List<String> lineBodies = new ArrayList<>();
    private final AtomicInteger uploads = new AtomicInteger();
    private final AtomicInteger polls = new AtomicInteger();
    private final AtomicInteger cancels = new AtomicInteger();
    private Duration processingDelay = Duration.ZERO;
    private int failBatches;
    private int expireBatches;
    private double expiredShare;
    private int failLines;
    private int failPolls;
    private long ids;

    BatchApi(LlmBackend handler, String model, BearerCheck bearer) {
        this.handler = handler;
        this.model = model;
        this.bearer = bearer;
    }

    /** True when {@code path} is one of these endpoints. */
    static boolean serves(String path) {
        return path.equals("/v1/files") || path.startsWith("/v1/files/") || path.equals("/v1/batches")
                || path.startsWith("/v1/batches/");
    }

    void serve(HttpExchange exchange, String method, String path) throws IOException {
        byte[] body = Exchanges.readBody(exchange);
        if (!bearer.admits(exchange, Dialect.OPENAI_CHAT)) {
            return;
        }
        String[] parts = path.substring(1).split("/");
        if ("POST".equals(method) && path.equals("/v1/files")) {
            upload(exchange, body);
        } else if ("GET".equals(method) && parts.length == 4 && parts[1].equals("files") && parts[3].equals("content")) {
            content(exchange, parts[2]);
        } else if ("POST".equals(method) && path.equals("/v1/batches")) {
            create(exchange, body);
        } else if ("GET".equals(method) && path.equals("/v1/batches")) {
            list(exchange, exchange.getRequestURI().getRawQuery());
        } else if ("GET".equals(method) && parts.length == 3 && parts[1].equals("batches")) {
            poll(exchange, parts[2]);
        } else if ("POST".equals(method) && parts.length == 4 && parts[1].equals("batches") && parts[3].equals("cancel")) {
            cancel(exchange, parts[2]);
        } else {
            Exchanges.sendError(exchange, Dialect.OPENAI_CHAT, 404, "Invalid URL (" + method + " " + path + ")", "unknown_url");
        }
    }

    // ---------------------------------------------------------------- controls

    void processingDelay(Duration value) {
        synchronized (lock) {
            processingDelay = value;
        }
    }

    void failNextBatches(int count) {
        synchronized (lock) {
            failBatches += count;
        }
    }

    void expireNextBatches(int count, double answeredShare) {
        synchronized (lock) {
            expireBatches += count;
            expiredShare = answeredShare;
        }
    }

    void failNextLines(int count) {
        synchronized (lock) {
            failLines += count;
        }
    }

    void failNextPolls(int count) {
        synchronized (lock) {
            failPolls += count;
        }
    }

    int uploads() {
        return uploads.get();
    }

    int polls() {
        return polls.get();
    }

    int cancels() {
        return cancels.get();
    }

    List<String> batchIds() {
        synchronized (lock) {
            return List.copyOf(batches.keySet());
        }
    }

    List<Integer> batchSizes() {
        synchronized (lock) {
            return batches.values().stream().map(b -> b.lines.size()).toList();
        }
    }

    List<String> lineBodies() {
        synchronized (lock) {
            return List.copyOf(lineBodies);
        }
    }

    String status(String batchId) {
        synchronized (lock) {
            Batch batch = batches.get(batchId);
            return batch == null ? null : batch.status;
        }
    }

    // ---------------------------------------------------------------- endpoints

    private void upload(HttpExchange exchange, byte[] body) throws IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        Multipart form;
        try {
            form = Multipart.parse(type, body);
        } catch (IllegalArgumentException e) {
            Exchanges.sendError(exchange, Dialect.OPENAI_CHAT, 400, e.getMessage(), null);
            return;
        }
        if (!"batch".equals(form.text("purpose")) || form.bytes("file") == null) {
            Exchanges.sendError(exchange, Dialect.OPENAI_CHAT, 400, "a batch upload needs purpose=batch and a file", null);
            return;
        }
        String id;
        synchronized (lock) {
            id = "file-loopback-" + (++ids);
            files.put(id, form.bytes("file"));
        }
        uploads.incrementAndGet();
        ObjectNode file = JSON.createObjectNode().put("id", id).put("object", "file").put("purpose", "batch")
                .put("bytes", form.bytes("file").length).put("filename", "input.jsonl");
        Exchanges.send(exchange, 200, file.toString());
    }

    private void content(HttpExchange exchange, String fileId) throws IOException {
        byte[] bytes;
        synchronized (lock) {
            bytes = files.get(fileId);
        }
        if (bytes == null) {
            Exchanges.sendError(exchange, Dialect.OPENAI_CHAT, 404, "No such File object: " + fileId, null);
            return;
        }
        Exchanges.send(exchange, 200, "application/octet-stream", new String(bytes, StandardCharsets.UTF_8));
    }

    private void create(HttpExchange exchange, byte[] body) throws IOException {
        JsonNode root = JSON.readTree(body);
        String fileId = root.path("input_file_id").asText("");
        byte[] input;
        synchronized (lock) {
            input = files.get(fileId);
        }
        if (input == null || !"/v1/chat/completions".equals(root.path("endpoint").asText())
                || !"24h".equals(root.path("completion_window").asText())) {
            Exchanges.sendError(exchange, Dialect.OPENAI_CHAT, 400,
                    "a batch needs a known input_file_id, endpoint /v1/chat/completions and completion_window 24h", null);
            return;
        }
        Batch batch;
        synchronized (lock) {
            batch = new Batch("batch_loopback_" + (++ids), fileId, System.nanoTime());
            if (failBatches > 0) {
                failBatches--;
                batch.ending = "failed";
            } else if (expireBatches > 0) {
                expireBatches--;
                batch.ending = "expired";
                batch.answeredShare = expiredShare;
            }
            batches.put(batch.id, batch);
        }
        ask(batch, new String(input, StandardCharsets.UTF_8));
        Exchanges.send(exchange, 200, batch.json().toString());
    }

    /** Asks the handler for each line, as the chat endpoint would. */
    private void ask(Batch batch, String input) {
        List<String> texts = input.lines().filter(t -> !t.isBlank()).toList();
        // Lines an expiry leaves unanswered take none of the injected line failures.
        batch.answerable = "failed".equals(batch.ending) ? 0 : (int) (texts.size() * batch.answeredShare);
        for (String text : texts) {
            Line line = new Line();
            try {
                JsonNode node = JSON.readTree(text);
                line.customId = node.path("custom_id").asText();
                String body = node.path("body").toString();
                LlmRequest request = Dialect.OPENAI_CHAT.parse(body);
                synchronized (lock) {
                    batch.lines.add(line);
                    lineBodies.add(body);
                    line.failed = batch.lines.size() <= batch.answerable && failLines > 0;
                    if (line.failed) {
                        failLines--;
                    }
                }
                if (!"failed".equals(batch.ending)) {
                    CompletionStage<LlmResponse> stage = handler.complete(request);
                    line.answer = stage.toCompletableFuture();
                }
            } catch (IOException | Dialect.BadRequest | RuntimeException e) {
                synchronized (lock) {
                    batch.lines.add(line);
                }
                line.answer = CompletableFuture.failedFuture(e);
            }
        }
    }

    /**
     * {@code GET /v1/batches}: newest first, a page of {@code limit} (1 to 100, default 20) after the
     * batch {@code after}, with {@code first_id}, {@code last_id} and {@code has_more} as OpenAI's.
     */
    private void list(HttpExchange exchange, String query) throws IOException {
        Map<String, String> params = new LinkedHashMap<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        int limit = Math.max(1, Math.min(100, Integer.parseInt(params.getOrDefault("limit", "20"))));
        ObjectNode root = JSON.createObjectNode().put("object", "list");
        root.putArray("data");
        synchronized (lock) {
            List<Batch> newest = new ArrayList<>(batches.values());
            java.util.Collections.reverse(newest);
            int from = 0;
            String after = params.get("after");
            if (after != null) {
                from = newest.size();
                for (int i = 0; i < newest.size(); i++) {
                    if (newest.get(i).id.equals(after)) {
                        from = i + 1;
                        break;
                    }
                }
            }
            List<Batch> page = newest.subList(Math.min(from, newest.size()), Math.min(from + limit, newest.size()));
            page.forEach(b -> root.withArray("data").add(b.json()));
            root.put("first_id", page.isEmpty() ? null : page.get(0).id);
            root.put("last_id", page.isEmpty() ? null : page.get(page.size() - 1).id);
            root.put("has_more", from + limit < newest.size());
        }
        Exchanges.send(exchange, 200, root.toString());
    }

    private void poll(HttpExchange exchange, String batchId) throws IOException {
        polls.incrementAndGet();
        ObjectNode json;
        synchronized (lock) {
            if (failPolls > 0) {
                failPolls--;
                exchange.getResponseHeaders().set("Retry-After", "7");
                Exchanges.sendError(exchange, Dialect.OPENAI_CHAT, 429, "injected rate limit on a batch poll", null);
                return;
            }
            Batch batch = batches.get(batchId);
            if (batch == null) {
                Exchanges.sendError(exchange, Dialect.OPENAI_CHAT, 404, "No such Batch: " + batchId, null);
                return;
            }
            advance(batch);
            json = batch.json();
        }
        Exchanges.send(exchange, 200, json.toString());
    }

    /** One poll's step of {@code batch}'s status. */
    private void advance(Batch batch) {
        switch (batch.status) {
            case "validating" -> batch.status = "failed".equals(batch.ending) ? "failed" : "in_progress";
            case "in_progress" -> {
                boolean answered = batch.lines.stream().allMatch(l -> l.answer == null || l.answer.isDone());
                // The delay as set now, so a test can hold a batch that exists already, or let it go.
                if ("expired".equals(batch.ending) || (answered && System.nanoTime() - batch.createdAt >= processingDelay.toNanos())) {
                    batch.status = "finalizing";
                }
            }
            case "finalizing" -> finish(batch, batch.ending != null ? batch.ending : "completed");
            case "cancelling" -> finish(batch, "cancelled");
            default -> { }
        }
    }

    private void cancel(HttpExchange exchange, String batchId) throws IOException {
        ObjectNode json;
        synchronized (lock) {
            Batch batch = batches.get(batchId);
            if (batch == null) {
                Exchanges.sendError(exchange, Dialect.OPENAI_CHAT, 404, "No such Batch: " + batchId, null);
                return;
            }
            cancels.incrementAndGet();
            if (!List.of("completed", "expired", "failed", "cancelled").contains(batch.status)) {
                batch.status = "cancelling";
                batch.answeredShare = 0;
            }
            json = batch.json();
        }
        Exchanges.send(exchange, 200, json.toString());
    }

    /** Writes the output and error files of an ended batch. */
    private void finish(Batch batch, String status) {
        batch.status = status;
        if (status.equals("failed")) {
            return;
        }
        StringBuilder output = new StringBuilder();
        StringBuilder errors = new StringBuilder();
        int answerable = status.equals("cancelled") ? (int) (batch.lines.size() * batch.answeredShare) : batch.answerable;
        for (int i = 0; i < batch.lines.size(); i++) {
            Line line = batch.lines.get(i);
            ObjectNode out = JSON.createObjectNode().put("id", "batch_req_" + (++ids)).put("custom_id", line.customId);
            if (i >= answerable) {
                out.putNull("response");
                out.putObject("error").put("code", status.equals("expired") ? "batch_expired" : "batch_cancelled")
                        .put("message", "This request could not be executed before the batch " + status + ".");
                errors.append(out).append('\n');
            } else if (line.failed) {
                respond(out, 500, Dialect.errorJson(500, "injected failure of a batch line", Dialect.typeFor(500), null));
                errors.append(out).append('\n');
            } else if (line.answer.isCompletedExceptionally()) {
                Throwable cause = AsyncFailure.cause(line.answer.handle((r, e) -> e).join());
                int code = cause instanceof LlmException e && e.status().isPresent() ? e.status().getAsInt() : 500;
                respond(out, code, Dialect.errorJson(code, "handler failed: " + cause.getMessage(), Dialect.typeFor(code), null));
                errors.append(out).append('\n');
            } else {
                respond(out, 200, Dialect.OPENAI_CHAT.reply(line.answer.join(), model, ++ids));
                output.append(out).append('\n');
            }
        }
        batch.outputFileId = store(output);
        batch.errorFileId = store(errors);
    }

    private static void respond(ObjectNode line, int status, String body) {
        ObjectNode response = line.putObject("response").put("status_code", status).put("request_id", "req_loopback");
        try {
            response.set("body", JSON.readTree(body));
        } catch (IOException e) {
            throw new IllegalStateException("the server's own JSON reads back", e);
        }
        line.putNull("error");
    }

    private String store(StringBuilder jsonl) {
        if (jsonl.length() == 0) {
            return null;
        }
        String id = "file-loopback-" + (++ids);
        files.put(id, jsonl.toString().getBytes(StandardCharsets.UTF_8));
        return id;
    }

    /** One batch; guarded by the lock. */
    private static final class Batch {
        final String id;
        final String inputFileId;
        final long createdAt;
        final List<Line> lines = new ArrayList<>();
        String status = "validating";
        /** How it ends instead of {@code completed}: {@code failed} or {@code expired}, or null. */
        String ending;
        double answeredShare = 1;
        /** The lines it answers: all but those an expiry or a cancel leaves. */
        int answerable;
        String outputFileId;
        String errorFileId;

        Batch(String id, String inputFileId, long createdAt) {
            this.id = id;
            this.inputFileId = inputFileId;
            this.createdAt = createdAt;
        }

        ObjectNode json() {
            ObjectNode root = JSON.createObjectNode().put("id", id).put("object", "batch")
                    .put("endpoint", "/v1/chat/completions").put("input_file_id", inputFileId)
                    .put("completion_window", "24h").put("status", status)
                    .put("output_file_id", outputFileId).put("error_file_id", errorFileId);
            root.putObject("request_counts").put("total", lines.size());
            return root;
        }
    }

    /** One line of a batch. */
    private static final class Line {
        String customId = "";
        boolean failed;
        CompletableFuture<LlmResponse> answer;
    }
}
