package io.augcon.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.augcon.api.ChatMessage;
import io.augcon.api.FinishReason;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.ResponseSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The wire formats {@link LoopbackOpenAiServer} speaks: OpenAI chat completions, OpenAI's legacy
 * completions (as vLLM and llama.cpp serve them) and Ollama's native chat. Each turns a request
 * body into an {@link LlmRequest} and an {@link LlmResponse} into a reply body.
 */
enum Dialect {
    /** {@code POST /v1/chat/completions}. */
    OPENAI_CHAT("/v1/chat/completions") {
        @Override
        LlmRequest parse(JsonNode root) throws BadRequest {
            rejectStreaming(root.path("stream").asBoolean(false));
            LlmRequest.Builder b = LlmRequest.builder();
            messages(root, b);
            openAiSampling(root, b);
            openAiSchema(root.get("response_format"), b);
            return build(b);
        }

        @Override
        String reply(LlmResponse response, String model, long id) {
            ObjectNode root = head("chatcmpl-loopback-" + id, "chat.completion", model);
            ObjectNode choice = root.putArray("choices").addObject();
            choice.put("index", 0);
            ObjectNode message = choice.putObject("message");
            message.put("role", "assistant");
            message.put("content", response.text());
            finishReason(choice, "finish_reason", response.finishReason());
            choice.putNull("logprobs");
            openAiUsage(root, response);
            return root.toString();
        }
    },

    /** {@code POST /v1/completions}: a plain prompt, answered in {@code choices[0].text}. */
    OPENAI_COMPLETIONS("/v1/completions") {
        @Override
        LlmRequest parse(JsonNode root) throws BadRequest {
            rejectStreaming(root.path("stream").asBoolean(false));
            JsonNode prompt = root.get("prompt");
            if (prompt != null && prompt.isArray() && prompt.size() == 1) {
                prompt = prompt.get(0);
            }
            if (prompt == null || !prompt.isTextual()) {
                throw new BadRequest("'prompt' must be a string.");
            }
            LlmRequest.Builder b = LlmRequest.builder().prompt(prompt.asText());
            openAiSampling(root, b);
            return build(b);
        }

        @Override
        String reply(LlmResponse response, String model, long id) {
            ObjectNode root = head("cmpl-loopback-" + id, "text_completion", model);
            ObjectNode choice = root.putArray("choices").addObject();
            choice.put("text", response.text());
            choice.put("index", 0);
            choice.putNull("logprobs");
            finishReason(choice, "finish_reason", response.finishReason());
            openAiUsage(root, response);
            return root.toString();
        }
    },

    /** {@code POST /api/chat}, Ollama's own API, with {@code options} and {@code stream: false}. */
    OLLAMA_CHAT("/api/chat") {
        @Override
        LlmRequest parse(JsonNode root) throws BadRequest {
            // Ollama streams unless told not to; this server answers whole replies only.
            rejectStreaming(!root.has("stream") || root.path("stream").asBoolean(true));
            LlmRequest.Builder b = LlmRequest.builder();
            messages(root, b);
            JsonNode options = root.path("options");
            if (!options.isMissingNode() && !options.isObject()) {
                throw new BadRequest("'options' must be an object.");
            }
            temperature(options, b);
            maxTokens(options.get("num_predict"), "num_predict", b);
            stop(options, b);
            seed(options, b);
            JsonNode format = root.get("format");
            if (format != null && format.isObject()) {
                // Ollama's schema has no name; "format" names the field it came in.
                b.responseSchema(new ResponseSchema("format", format.toString()));
            }
            return build(b);
        }

        @Override
        String reply(LlmResponse response, String model, long id) {
            ObjectNode root = JSON.createObjectNode();
            root.put("model", model);
            root.put("created_at", Instant.now().toString());
            ObjectNode message = root.putObject("message");
            message.put("role", "assistant");
            message.put("content", response.text());
            root.put("done", true);
            finishReason(root, "done_reason", response.finishReason());
            root.put("prompt_eval_count", response.usage().inputTokens());
            root.put("eval_count", response.usage().outputTokens());
            return root.toString();
        }

        @Override
        String error(int status, String message, String code) {
            ObjectNode root = JSON.createObjectNode();
            root.put("error", message);
            return root.toString();
        }
    };

    private static final ObjectMapper JSON = new ObjectMapper();

    final String path;

    Dialect(String path) {
        this.path = path;
    }

    /** The request in {@code root}; throws {@link BadRequest} with a client-facing message. */
    abstract LlmRequest parse(JsonNode root) throws BadRequest;

    /** The reply body for {@code response}. */
    abstract String reply(LlmResponse response, String model, long id);

    /** An error body in this dialect's style. */
    String error(int status, String message, String code) {
        return errorJson(status, message, typeFor(status), code);
    }

    /** Parses {@code body} as a JSON object and then as this dialect's request. */
    LlmRequest parse(String body) throws BadRequest {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadRequest("We could not parse the JSON body of your request: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new BadRequest("The request body must be a JSON object.");
        }
        return parse(root);
    }

    /** The dialect served at {@code path}, or {@code null}. */
    static Dialect at(String path) {
        for (Dialect d : values()) {
            if (d.path.equals(path)) {
                return d;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- JSON in

    private static void rejectStreaming(boolean streaming) throws BadRequest {
        if (streaming) {
            throw new BadRequest("This server does not support streaming ('stream': true).");
        }
    }

    private static void messages(JsonNode root, LlmRequest.Builder b) throws BadRequest {
        JsonNode messages = root.get("messages");
        if (messages == null || messages.isNull()) {
            throw new BadRequest("Missing required parameter: 'messages'.");
        }
        if (!messages.isArray() || messages.isEmpty()) {
            throw new BadRequest("'messages' must be a non-empty array.");
        }
        for (int i = 0; i < messages.size(); i++) {
            b.message(parseMessage(messages.get(i), i));
        }
    }

    private static void openAiSampling(JsonNode root, LlmRequest.Builder b) throws BadRequest {
        temperature(root, b);
        JsonNode maxTokens = root.get("max_tokens");
        if (maxTokens == null || maxTokens.isNull()) {
            maxTokens = root.get("max_completion_tokens");
        }
        maxTokens(maxTokens, "max_tokens", b);
        stop(root, b);
        seed(root, b);
    }

    private static void temperature(JsonNode node, LlmRequest.Builder b) throws BadRequest {
        JsonNode temperature = node.get("temperature");
        if (temperature != null && !temperature.isNull()) {
            if (!temperature.isNumber()) {
                throw new BadRequest("'temperature' must be a number.");
            }
            b.temperature(temperature.asDouble());
        }
    }

    private static void maxTokens(JsonNode maxTokens, String field, LlmRequest.Builder b) throws BadRequest {
        if (maxTokens != null && !maxTokens.isNull()) {
            if (!maxTokens.isIntegralNumber() || !maxTokens.canConvertToInt()) {
                throw new BadRequest("'" + field + "' must be an integer.");
            }
            b.maxTokens(maxTokens.asInt());
        }
    }

    private static void stop(JsonNode node, LlmRequest.Builder b) throws BadRequest {
        JsonNode stop = node.get("stop");
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
    }

    /** A {@code json_schema} response format becomes the request's schema; other formats are ignored. */
    private static void openAiSchema(JsonNode format, LlmRequest.Builder b) throws BadRequest {
        if (format == null || !"json_schema".equals(format.path("type").asText())) {
            return;
        }
        JsonNode schema = format.path("json_schema");
        if (!schema.path("name").isTextual() || !schema.path("schema").isObject()) {
            throw new BadRequest("'response_format.json_schema' needs a 'name' string and a 'schema' object.");
        }
        b.responseSchema(new ResponseSchema(schema.get("name").asText(), schema.get("schema").toString()));
    }

    private static void seed(JsonNode node, LlmRequest.Builder b) throws BadRequest {
        JsonNode seed = node.get("seed");
        if (seed != null && !seed.isNull()) {
            if (!seed.isIntegralNumber() || !seed.canConvertToLong()) {
                throw new BadRequest("'seed' must be an integer.");
            }
            b.seed(seed.asLong());
        }
    }

    private static LlmRequest build(LlmRequest.Builder b) throws BadRequest {
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

    private static ObjectNode head(String id, String object, String model) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", id);
        root.put("object", object);
        root.put("created", System.currentTimeMillis() / 1000);
        root.put("model", model);
        return root;
    }

    private static void finishReason(ObjectNode node, String field, FinishReason reason) {
        String finish = finishReasonText(reason);
        if (finish == null) {
            node.putNull(field);
        } else {
            node.put(field, finish);
        }
    }

    private static void openAiUsage(ObjectNode root, LlmResponse response) {
        ObjectNode usage = root.putObject("usage");
        usage.put("prompt_tokens", response.usage().inputTokens());
        usage.put("completion_tokens", response.usage().outputTokens());
        usage.put("total_tokens", response.usage().total());
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

    static String errorJson(int status, String message, String type, String code) {
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

    static String typeFor(int status) {
        if (status == 429) {
            return "rate_limit_exceeded";
        }
        return status >= 500 ? "server_error" : "invalid_request_error";
    }

    /** A client error, its message meant for the client. */
    static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message, null, false, false);
        }
    }
}
