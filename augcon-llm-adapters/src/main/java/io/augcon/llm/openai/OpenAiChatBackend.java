package io.augcon.llm.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.augcon.api.ChatMessage;
import io.augcon.api.LlmBackend;
import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.ResponseSchema;
import io.augcon.llm.http.JsonBackend;
import io.augcon.llm.http.JsonHttpClient;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * An {@link LlmBackend} for OpenAI-compatible chat completion servers (OpenAI, vLLM, llama.cpp,
 * Ollama, LM Studio, private gateways), over {@code java.net.http.HttpClient} without blocking a
 * thread per request.
 *
 * <pre>{@code
 * LlmBackend llm = OpenAiChatBackend.builder()
 *     .baseUrl("http://localhost:8000/v1")      // POSTs to .../v1/chat/completions
 *     .model("Qwen2.5-7B-Instruct")
 *     .apiKeyFromEnv("OPENAI_API_KEY")          // unset or blank: no Authorization header
 *     .header("X-Tenant", "research")           // any extra header
 *     .timeout(Duration.ofSeconds(60))
 *     .build();
 * LlmResponse answer = llm.complete(LlmRequest.builder().prompt("Question:").seed(7).build())
 *     .toCompletableFuture().join();
 * }</pre>
 *
 * <p>Each request sends {@code model}, {@code messages} ({@link LlmRequest#asMessages()} with
 * lower-case roles), {@code temperature}, {@code max_tokens}, {@code stop} (left out when empty),
 * {@code seed} (left out when {@code null}) and {@code response_format}: the request's
 * {@linkplain LlmRequest#responseSchema() schema} as
 * {@code {"type": "json_schema", "json_schema": {"name", "schema", "strict": true}}}, else the
 * {@linkplain Builder#responseFormat builder's response format} if one is set; {@link LlmRequest#stage()} and {@link LlmRequest#priority()} are never
 * sent. From the answer it reads {@code choices[0].message.content} ({@code null} gives an empty
 * text), {@code choices[0].finish_reason}, {@code usage} ({@link io.augcon.api.TokenUsage#ZERO}
 * when absent) and {@code model}. {@link OpenAiCompletionsBackend} speaks the legacy
 * {@code /completions} endpoint instead.
 *
 * <p>Failures complete the stage exceptionally with an {@link LlmException}, as
 * {@link JsonHttpClient} describes: {@link LlmException.Kind#RATE_LIMITED RATE_LIMITED} for 429
 * (with the server's {@code Retry-After}), {@link LlmException.Kind#HTTP_STATUS HTTP_STATUS} for
 * other non-2xx statuses, {@link LlmException.Kind#TIMEOUT TIMEOUT},
 * {@link LlmException.Kind#CONNECTION CONNECTION}, and
 * {@link LlmException.Kind#MALFORMED_RESPONSE MALFORMED_RESPONSE} for a 2xx body that is not
 * JSON or lacks {@code choices[0].message}. Cancelling the returned stage cancels the HTTP
 * exchange.
 *
 * <p>The API key goes only into the {@code Authorization} header: it is removed from any server
 * text quoted in an exception message, and {@link #toString()} does not show it. This class logs
 * nothing. It is thread-safe.
 */
public final class OpenAiChatBackend extends JsonBackend {

    /** The longest excerpt of server text quoted in an exception message. */
    static final int MAX_EXCERPT = JsonHttpClient.MAX_EXCERPT;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode responseFormat;

    OpenAiChatBackend(JsonHttpClient http, String model, JsonNode responseFormat) {
        super(http, model);
        this.responseFormat = responseFormat;
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
        return http.exchange(requestBody(request), this::parse);
    }

    /** {@code /models}, the list every OpenAI-compatible server serves (vLLM, llama.cpp, Ollama, LM Studio). */
    @Override
    protected String modelListPath() {
        return OpenAiAnswers.MODELS_PATH;
    }

    /** The exact body of the online request for {@code request}; the batch backend sends it as each line's body. */
    ObjectNode requestBody(LlmRequest request) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", model);
        ArrayNode messages = root.putArray("messages");
        for (ChatMessage m : request.asMessages()) {
            ObjectNode message = messages.addObject();
            message.put("role", m.role().name().toLowerCase(Locale.ROOT));
            message.put("content", m.content());
        }
        OpenAiAnswers.putSampling(root, request);
        if (request.responseSchema() != null) {
            root.set("response_format", schemaFormat(request.responseSchema()));
        } else if (responseFormat != null) {
            root.set("response_format", responseFormat);
        }
        return root;
    }

    /** {@code {"type": "json_schema", "json_schema": {"name", "schema", "strict": true}}}. */
    private static ObjectNode schemaFormat(ResponseSchema schema) {
        ObjectNode format = JSON.createObjectNode().put("type", "json_schema");
        format.putObject("json_schema")
                .put("name", schema.name())
                .put("strict", true)
                .set("schema", schemaNode(schema));
        return format;
    }

    /** The answer in a chat completion object, as the online endpoint and a batch's output lines hold it. */
    LlmResponse parse(JsonNode root) {
        JsonNode choice = OpenAiAnswers.firstChoice(root, http);
        JsonNode message = choice.get("message");
        if (message == null || !message.isObject()) {
            throw http.malformed("choices[0] has no message object");
        }
        String text = OpenAiAnswers.text(message.get("content"), "choices[0].message.content", http);
        return OpenAiAnswers.response(text, root, choice, model, http);
    }

    /**
     * Configures an {@link OpenAiChatBackend}. Only {@link #baseUrl} is required;
     * {@link #build()} checks every setting and names the one that is wrong.
     */
    public static final class Builder extends OpenAiCompatibleBuilder<Builder> {
        private JsonNode responseFormat;

        private Builder() {}

        /**
         * Sends {@code response_format} with every request, given as JSON, e.g.
         * {@code {"type":"json_object"}} or a {@code json_schema} object; {@code null} (the
         * default) sends none.
         *
         * @throws IllegalArgumentException when {@code json} is not a JSON object
         */
        public Builder responseFormat(String json) {
            if (json == null) {
                this.responseFormat = null;
                return this;
            }
            try {
                JsonNode node = JSON.readTree(json);
                if (node == null || !node.isObject()) {
                    throw new IllegalArgumentException("responseFormat must be a JSON object, was " + json);
                }
                this.responseFormat = node;
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("responseFormat is not JSON: " + e.getOriginalMessage());
            }
            return this;
        }

        /**
         * Checks the settings and builds the backend.
         *
         * @throws IllegalArgumentException naming the setting that is missing or invalid
         */
        public OpenAiChatBackend build() {
            JsonHttpClient http = client("/chat/completions");
            return new OpenAiChatBackend(http, checkedModel(), responseFormat);
        }
    }
}
