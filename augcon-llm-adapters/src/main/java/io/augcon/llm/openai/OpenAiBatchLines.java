package io.augcon.llm.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augcon.api.LlmException;
import io.augcon.llm.batch.BatchAnswer;
import io.augcon.llm.http.JsonHttpClient;
import java.util.List;

/**
 * The lines of a Batch API output or error file, each {@code {"custom_id", "response":
 * {"status_code", "body"}, "error"}}: a 2xx response's body is read as the online answer; any
 * other status, or an {@code error} object, is a failure typed as the online endpoint's would
 * be, so the run's retries treat it the same. {@code batch_expired} is a timeout.
 */
final class OpenAiBatchLines {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpenAiChatBackend chat;
    private final JsonHttpClient http;

    OpenAiBatchLines(OpenAiChatBackend chat, JsonHttpClient http) {
        this.chat = chat;
        this.http = http;
    }

    /** Adds an answer for each line of {@code jsonl} that names its custom id; others name no request to complete. */
    void read(String jsonl, List<BatchAnswer> answers) {
        for (String text : jsonl.split("\n")) {
            if (text.isBlank()) {
                continue;
            }
            JsonNode line;
            try {
                line = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                continue;
            }
            String id = line.path("custom_id").asText(null);
            if (id != null) {
                answers.add(answer(id, line));
            }
        }
    }

    private BatchAnswer answer(String id, JsonNode line) {
        JsonNode response = line.get("response");
        if (response != null && response.isObject()) {
            int status = response.path("status_code").asInt(-1);
            JsonNode body = response.path("body");
            if (status >= 200 && status <= 299) {
                try {
                    return BatchAnswer.answered(id, chat.parse(body));
                } catch (LlmException e) {
                    return BatchAnswer.failed(id, e);
                }
            }
            if (status >= 400) {
                return BatchAnswer.failed(id, LlmException.forStatus(status, "HTTP " + status + " in the batch: "
                        + http.excerpt(JsonHttpClient.errorText(body.toString()))));
            }
        }
        JsonNode error = line.path("error");
        String code = error.path("code").asText("");
        String message = "batch line failed: " + http.excerpt(code + " " + error.path("message").asText(""));
        if ("batch_expired".equals(code)) {
            return BatchAnswer.failed(id, new LlmException(LlmException.Kind.TIMEOUT, message));
        }
        return BatchAnswer.failed(id, new LlmException(LlmException.Kind.MALFORMED_RESPONSE, message));
    }
}
