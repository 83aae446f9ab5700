package io.augcon.llm.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.augcon.api.FinishReason;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.TokenUsage;
import io.augcon.llm.http.JsonHttpClient;

/** What the two OpenAI endpoints share on the wire: sampling fields out, choices and usage in. */
final class OpenAiAnswers {
    /** Where an OpenAI-compatible server lists its models, under the base URL. */
    static final String MODELS_PATH = "/models";

    private OpenAiAnswers() {}

    /** {@code temperature}, {@code max_tokens}, {@code stop} (left out when empty), {@code seed} (left out when null). */
    static void putSampling(ObjectNode root, LlmRequest request) {
        root.put("temperature", request.temperature());
        root.put("max_tokens", request.maxTokens());
        if (!request.stop().isEmpty()) {
            ArrayNode stop = root.putArray("stop");
            request.stop().forEach(stop::add);
        }
        if (request.seed() != null) {
            root.put("seed", request.seed().longValue());
        }
    }

    /** {@code choices[0]}, or a malformed-response failure saying what is missing. */
    static JsonNode firstChoice(JsonNode root, JsonHttpClient http) {
        JsonNode choices = root.get("choices");
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
            String why = root.has("error") ? JsonHttpClient.errorText(root.toString()) : root.toString();
            throw http.malformed("no choices: " + http.excerpt(why));
        }
        return choices.get(0);
    }

    /** The answer from {@code text}, {@code choice.finish_reason}, {@code root.usage} and {@code root.model}. */
    static LlmResponse response(String text, JsonNode root, JsonNode choice, String model, JsonHttpClient http) {
        JsonNode finish = choice.get("finish_reason");
        FinishReason reason = FinishReason.parse(finish != null && finish.isTextual() ? finish.asText() : null);
        JsonNode modelNode = root.get("model");
        String answeredBy = modelNode != null && modelNode.isTextual() && !modelNode.asText().isBlank()
                ? modelNode.asText() : model;
        return new LlmResponse(text, reason, usage(root.get("usage"), http), answeredBy);
    }

    private static TokenUsage usage(JsonNode usage, JsonHttpClient http) {
        if (usage == null || usage.isNull()) {
            return TokenUsage.ZERO;
        }
        if (!usage.isObject()) {
            throw http.malformed("usage is not an object");
        }
        return new TokenUsage(tokenCount(usage, "prompt_tokens", http), tokenCount(usage, "completion_tokens", http));
    }

    private static long tokenCount(JsonNode usage, String field, JsonHttpClient http) {
        JsonNode n = usage.get(field);
        if (n == null || n.isNull()) {
            return 0;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < 0) {
            throw http.malformed("usage." + field + " is not a non-negative integer");
        }
        return n.asLong();
    }

    /** A string field's text: {@code null} gives "", anything but a string is malformed. */
    static String text(JsonNode node, String where, JsonHttpClient http) {
        if (node == null || node.isNull()) {
            return "";
        }
        if (!node.isTextual()) {
            throw http.malformed(where + " is not a string");
        }
        return node.asText();
    }
}
