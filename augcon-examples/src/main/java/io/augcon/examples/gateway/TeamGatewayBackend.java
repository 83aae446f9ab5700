package io.augcon.examples.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.augcon.api.ChatMessage;
import io.augcon.api.FinishReason;
import io.augcon.api.LlmBackend;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.TokenUsage;
import io.augcon.llm.http.JsonHttpClient;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * A private adapter: a team's own LLM gateway with its own JSON and its own auth header, in
 * well under 100 lines. {@link JsonHttpClient} does the HTTP, the typed failures (429s with
 * {@code Retry-After}, 5xx, timeouts, bodies that are not JSON) and the token's redaction; AugCon's
 * decorators then retry, limit and count it like any other backend. The gateway's API:
 *
 * <pre>
 * POST {base}/v2/generate      X-Team-Token: ...
 * {"model": "...", "turns": [{"speaker": "system|user|assistant", "text": "..."}],
 *  "knobs": {"creativity": 0.7, "max_new_tokens": 512, "stop_at": ["..."], "random_seed": 7}}
 * -> {"result": {"text": "...", "ended_by": "eos|token_limit"}, "meter": {"in": 120, "out": 48}}
 * </pre>
 */
public final class TeamGatewayBackend implements LlmBackend {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final JsonHttpClient http;
    private final String model;

    /**
     * A backend for the gateway at {@code baseUrl} (requests go to {@code baseUrl + "/v2/generate"}).
     *
     * @param baseUrl the gateway's root URL, e.g. {@code https://llm.team.example}
     * @param token   sent as {@code X-Team-Token} and redacted from every error message
     * @param model   the model name sent with every request and written into the records
     * @param timeout how long one request may take, from sending to the whole answer
     */
    public TeamGatewayBackend(String baseUrl, String token, String model, Duration timeout) {
        this.http = JsonHttpClient.builder().endpoint(baseUrl, "/v2/generate")
                .secretHeader("X-Team-Token", token).timeout(timeout).build();
        this.model = model;
    }

    @Override
    public CompletionStage<LlmResponse> complete(LlmRequest request) {
        ObjectNode body = JSON.createObjectNode().put("model", model);
        for (ChatMessage m : request.asMessages()) {
            body.withArray("turns").addObject().put("speaker", m.role().name().toLowerCase(java.util.Locale.ROOT))
                    .put("text", m.content());
        }
        ObjectNode knobs = body.putObject("knobs").put("creativity", request.temperature())
                .put("max_new_tokens", request.maxTokens());
        request.stop().forEach(knobs.withArray("stop_at")::add);
        if (request.seed() != null) {
            knobs.put("random_seed", request.seed());
        }
        return http.exchange(body, this::read);
    }

    private LlmResponse read(JsonNode answer) {
        JsonNode result = answer.path("result");
        if (!result.path("text").isTextual()) {
            throw http.malformed("no result.text in " + http.excerpt(answer.toString()));
        }
        FinishReason reason = "token_limit".equals(result.path("ended_by").asText()) ? FinishReason.LENGTH : FinishReason.STOP;
        TokenUsage usage = new TokenUsage(answer.path("meter").path("in").asLong(), answer.path("meter").path("out").asLong());
        return new LlmResponse(result.get("text").asText(), reason, usage, model);
    }

    @Override
    public String modelName() {
        return model;
    }
}
