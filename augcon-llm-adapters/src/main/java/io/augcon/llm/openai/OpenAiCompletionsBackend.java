package io.augcon.llm.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.augcon.api.LlmBackend;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.PromptRendering;
import io.augcon.llm.http.JsonBackend;
import io.augcon.llm.http.JsonHttpClient;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * An {@link LlmBackend} for the legacy OpenAI {@code /completions} endpoint, which vLLM and
 * llama.cpp's server still serve: the model continues a plain prompt, with no chat template in
 * between. The AugCon reference asks its CST step this way; use it with base models, or when the
 * prompt's own layout should reach the model untouched.
 *
 * <pre>{@code
 * LlmBackend llm = OpenAiCompletionsBackend.builder()
 *     .baseUrl("http://localhost:8000/v1")      // POSTs to .../v1/completions
 *     .model("Qwen2.5-7B")
 *     .build();
 * }</pre>
 *
 * <p>Each request sends {@code model}, {@code prompt}, {@code temperature}, {@code max_tokens},
 * {@code stop} (left out when empty) and {@code seed} (left out when {@code null}). A request made
 * of chat messages is sent as one prompt rendered by {@link Builder#rendering}: by default
 * ({@link PromptRendering#CONTENTS_ONLY}) their contents joined by blank lines. From the answer it reads
 * {@code choices[0].text}, {@code choices[0].finish_reason}, {@code usage} and {@code model}.
 * Failures and the API key are handled as in {@link OpenAiChatBackend}.
 */
public final class OpenAiCompletionsBackend extends JsonBackend {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PromptRendering rendering;

    private OpenAiCompletionsBackend(JsonHttpClient http, String model, PromptRendering rendering) {
        super(http, model);
        this.rendering = rendering;
    }

    /** A builder; {@link Builder#baseUrl} is required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public CompletionStage<LlmResponse> complete(LlmRequest request) {
        Objects.requireNonNull(request, "request");
        ObjectNode root = JSON.createObjectNode();
        root.put("model", model);
        root.put("prompt", rendering.render(request));
        OpenAiAnswers.putSampling(root, request);
        return http.exchange(root, this::parse);
    }

    /** {@code /models}, as for {@link OpenAiChatBackend}. */
    @Override
    protected String modelListPath() {
        return OpenAiAnswers.MODELS_PATH;
    }

    private LlmResponse parse(JsonNode root) {
        JsonNode choice = OpenAiAnswers.firstChoice(root, http);
        if (!choice.isObject() || !choice.has("text")) {
            throw http.malformed("choices[0] has no text");
        }
        String text = OpenAiAnswers.text(choice.get("text"), "choices[0].text", http);
        return OpenAiAnswers.response(text, root, choice, model, http);
    }

    /** Configures an {@link OpenAiCompletionsBackend}; only {@link #baseUrl} is required. */
    public static final class Builder extends OpenAiCompatibleBuilder<Builder> {
        private PromptRendering rendering = PromptRendering.CONTENTS_ONLY;

        private Builder() {}

        /**
         * How a request made of chat messages becomes the one prompt sent
         * ({@link PromptRendering#CONTENTS_ONLY} by default); a plain prompt is always sent as it is.
         */
        public Builder rendering(PromptRendering value) {
            this.rendering = Objects.requireNonNull(value, "rendering");
            return this;
        }

        /** @throws IllegalArgumentException naming the setting that is missing or invalid */
        public OpenAiCompletionsBackend build() {
            JsonHttpClient http = client("/completions");
            return new OpenAiCompletionsBackend(http, checkedModel(), rendering);
        }
    }
}
