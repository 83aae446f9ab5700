package io.augcon.llm.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.api.Scheduler;
import io.augcon.llm.batch.BatchAnswer;
import io.augcon.llm.batch.BatchBackend;
import io.augcon.llm.batch.BatchJournal;
import io.augcon.llm.batch.BatchLimits;
import io.augcon.llm.batch.BatchListener;
import io.augcon.llm.batch.BatchPhase;
import io.augcon.llm.batch.BatchState;
import io.augcon.llm.http.JsonHttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.net.URLEncoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * OpenAI's Batch API as an {@link io.augcon.api.LlmBackend}, at about half the online price: the
 * run's chat requests go in rounds through {@code POST /files} ({@code purpose=batch}),
 * {@code POST /batches} ({@code completion_window: "24h"}), {@code GET /batches/{id}} and
 * {@code GET /files/{id}/content}, as {@link BatchBackend} describes. Each JSONL line is
 * {@code {"custom_id", "method": "POST", "url": "/v1/chat/completions", "body"}} whose body is
 * exactly what {@link OpenAiChatBackend} would post for the request (the same model, messages,
 * temperature, seed and every other field), so a batch run's records equal an online run's for
 * the same answers; each output line's {@code response.body} is read as that backend reads an
 * answer.
 *
 * <pre>{@code
 * LlmBackend llm = OpenAiBatchBackend.builder()
 *     .baseUrl("https://api.openai.com/v1")
 *     .model("gpt-4o-mini")
 *     .apiKeyFromEnv("OPENAI_API_KEY")
 *     .journal(BatchJournal.inDirectory(workDir))   // a rerun polls the batches already paid for
 *     .pollInterval(Duration.ofSeconds(30))
 *     .build();
 * }</pre>
 *
 * <p>In a run, wrap it in the run's answer cache (the CLI's {@code --work-dir} does), give the
 * run no request timeout and a concurrency as large as a round may be: a request waits for its
 * batch, which can take hours. The {@link #preflight} is the online backend's. The builder's
 * timeout bounds each API call; an upload or a download may take ten minutes at least.
 */
public final class OpenAiBatchBackend extends BatchBackend {
    /** The endpoint every line asks, as the Batch API names it. */
    static final String CHAT_URL = "/v1/chat/completions";
    /** The shortest time an upload or a download of up to 200 MB may take. */
    private static final Duration FILE_TIMEOUT = Duration.ofMinutes(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpenAiChatBackend chat;
    private final JsonHttpClient http;
    private final Duration timeout;
    private final Duration fileTimeout;

    private OpenAiBatchBackend(Builder b, JsonHttpClient http, String model) {
        super(b.limits, b.scheduler, b.windowScheduler != null ? b.windowScheduler : b.scheduler, b.journal, b.listener);
        this.http = http;
        this.chat = new OpenAiChatBackend(http, model, null);
        this.timeout = http.timeout();
        this.fileTimeout = timeout.compareTo(FILE_TIMEOUT) > 0 ? timeout : FILE_TIMEOUT;
    }

    /** A builder; {@link Builder#baseUrl} is required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String modelName() {
        return chat.modelName();
    }

    /** The online backend's check: the model list, else one short online request. */
    @Override
    public CompletionStage<Void> preflight(Duration timeout) {
        return chat.preflight(timeout);
    }

    @Override
    protected byte[] body(LlmRequest request) {
        try {
            return JSON.writeValueAsBytes(chat.requestBody(request));
        } catch (JsonProcessingException e) {
            throw new LlmException(LlmException.Kind.OTHER, "cannot serialize a request: " + e.getOriginalMessage());
        }
    }

    @Override
    protected byte[] line(String customId, byte[] body) {
        byte[] head = ("{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"" + CHAT_URL + "\",\"body\":")
                .getBytes(StandardCharsets.UTF_8);
        byte[] line = new byte[head.length + body.length + 1];
        System.arraycopy(head, 0, line, 0, head.length);
        System.arraycopy(body, 0, line, head.length, body.length);
        line[line.length - 1] = '}';
        return line;
    }

    @Override
    protected CompletableFuture<String> upload(byte[] jsonl, int round) {
        String boundary = "augcon-batch-" + Long.toHexString(System.nanoTime()) + "-" + round;
        // The JSONL is sent between its form headers as it is: a 200 MB round is not copied again.
        HttpRequest.BodyPublisher form = HttpRequest.BodyPublishers.concat(
                HttpRequest.BodyPublishers.ofString("--" + boundary
                        + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--" + boundary
                        + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"augcon-round-" + round
                        + ".jsonl\"\r\nContent-Type: application/jsonl\r\n\r\n", StandardCharsets.UTF_8),
                HttpRequest.BodyPublishers.ofByteArray(jsonl),
                HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n", StandardCharsets.UTF_8));
        return http.sendTo("POST", "/files", "multipart/form-data; boundary=" + boundary, form, fileTimeout)
                .thenApply(file -> id(file, "file"));
    }

    @Override
    protected CompletableFuture<String> create(String fileId, int round) {
        ObjectNode body = JSON.createObjectNode()
                .put("input_file_id", fileId)
                .put("endpoint", CHAT_URL)
                .put("completion_window", "24h");
        body.putObject("metadata").put("augcon_round", Integer.toString(round));
        return http.sendTo("POST", "/batches", "application/json", bytes(body), timeout).thenApply(batch -> id(batch, "batch"));
    }

    @Override
    protected CompletableFuture<BatchState> status(String batchId) {
        return http.get("/batches/" + batchId, timeout).thenApply(this::state);
    }

    @Override
    protected CompletableFuture<List<BatchAnswer>> results(BatchState ended) {
        CompletableFuture<String> output = text(ended.outputFileId());
        CompletableFuture<String> errors = text(ended.errorFileId());
        return output.thenCombine(errors, (out, err) -> {
            List<BatchAnswer> answers = new ArrayList<>();
            OpenAiBatchLines lines = new OpenAiBatchLines(chat, http);
            lines.read(out, answers);
            lines.read(err, answers);
            return answers;
        });
    }

    @Override
    protected CompletableFuture<Void> cancel(String batchId) {
        return http.sendTo("POST", "/batches/" + batchId + "/cancel", "application/json", new byte[] {'{', '}'}, timeout)
                .thenApply(batch -> null);
    }

    /**
     * Pages through the account's batches, newest first, 100 at a time, for the one made from
     * {@code fileId}: a crash between creating a batch and recording it may be followed by any
     * number of other batches before the rerun, and not finding it would pay for it twice. Reads
     * at most {@value #MAX_LIST_PAGES} pages.
     */
    @Override
    protected CompletableFuture<Optional<String>> findBatch(String fileId) {
        return findBatch(fileId, null, 1);
    }

    /** The most pages of the batch list {@link #findBatch} reads: 100,000 batches. */
    static final int MAX_LIST_PAGES = 1_000;

    private CompletableFuture<Optional<String>> findBatch(String fileId, String after, int page) {
        String path = "/batches?limit=100" + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
        return http.get(path, timeout).thenCompose(list -> {
            String last = null;
            for (JsonNode batch : list.path("data")) {
                if (fileId.equals(batch.path("input_file_id").asText(null)) && batch.path("id").isTextual()) {
                    return CompletableFuture.completedFuture(Optional.of(batch.get("id").asText()));
                }
                last = batch.path("id").asText(null);
            }
            if (list.path("has_more").asBoolean(false) && last != null && page < MAX_LIST_PAGES) {
                return findBatch(fileId, list.path("last_id").asText(last), page + 1);
            }
            return CompletableFuture.completedFuture(Optional.<String>empty());
        });
    }

    private CompletableFuture<String> text(String fileId) {
        return fileId == null || fileId.isBlank() ? CompletableFuture.completedFuture("")
                : http.getText("/files/" + fileId + "/content", fileTimeout);
    }

    private BatchState state(JsonNode batch) {
        String id = id(batch, "batch");
        String status = batch.path("status").asText("");
        BatchPhase phase;
        try {
            phase = BatchPhase.valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw http.malformed("batch " + id + " has an unknown status '" + http.excerpt(status) + "'");
        }
        return new BatchState(id, phase, textOrNull(batch.get("output_file_id")), textOrNull(batch.get("error_file_id")));
    }

    private String id(JsonNode object, String what) {
        JsonNode id = object.get("id");
        if (id == null || !id.isTextual() || id.asText().isBlank()) {
            throw http.malformed("the " + what + " object has no id: " + http.excerpt(object.toString()));
        }
        return id.asText();
    }

    private static String textOrNull(JsonNode node) {
        return node != null && node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serializes", e);
        }
    }

    /**
     * Configures an {@link OpenAiBatchBackend}: the OpenAI settings every backend shares, and the
     * batch's own. Only {@link #baseUrl} is required.
     */
    public static final class Builder extends OpenAiCompatibleBuilder<Builder> {
        private BatchLimits limits = BatchLimits.OPENAI;
        private Scheduler scheduler = Scheduler.system();
        private Scheduler windowScheduler;
        private BatchJournal journal;
        private BatchListener listener = BatchListener.NONE;

        private Builder() {}

        /** Every round and poll limit at once; default {@link BatchLimits#OPENAI}. */
        public Builder limits(BatchLimits value) {
            this.limits = Objects.requireNonNull(value, "limits");
            return this;
        }

        /** The wait between polls of a batch; default 30 s. */
        public Builder pollInterval(Duration value) {
            return limits(limits.withPollInterval(value));
        }

        /** Requests in one round, at most; default 50,000, OpenAI's cap. */
        public Builder maxRequests(int value) {
            return limits(limits.withMaxRequests(value));
        }

        /** Bytes of one round's JSONL, at most; default 200 MB, OpenAI's cap. */
        public Builder maxBytes(long value) {
            return limits(limits.withMaxBytes(value));
        }

        /** How long a round waits for one more request before it is sent; default 2 s. */
        public Builder quietWindow(Duration value) {
            return limits(limits.withQuietWindow(value));
        }

        /** The clock of polls and backoff, the run's own; default the system's. */
        public Builder scheduler(Scheduler value) {
            this.scheduler = Objects.requireNonNull(value, "scheduler");
            return this;
        }

        /**
         * The clock the quiet window is measured on; default the {@link #scheduler}. A test on
         * virtual time that jumps to each task gives the real one here.
         */
        public Builder windowScheduler(Scheduler value) {
            this.windowScheduler = Objects.requireNonNull(value, "windowScheduler");
            return this;
        }

        /**
         * Where rounds are recorded, so a rerun finds its batches; default
         * {@link BatchJournal#inMemory()}. The backend closes it.
         */
        public Builder journal(BatchJournal value) {
            this.journal = Objects.requireNonNull(value, "journal");
            return this;
        }

        /** Hears each step of each round; default none. */
        public Builder listener(BatchListener value) {
            this.listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /**
         * Checks the settings and builds the backend.
         *
         * @throws IllegalArgumentException naming the setting that is missing or invalid
         */
        public OpenAiBatchBackend build() {
            JsonHttpClient http = client("/chat/completions");
            if (journal == null) {
                journal = BatchJournal.inMemory();
            }
            return new OpenAiBatchBackend(this, http, checkedModel());
        }
    }
}
