package io.augcon.llm.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.augcon.api.ChatMessage;
import io.augcon.api.LlmBackend;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.ResponseSchema;
import io.augcon.api.TokenUsage;
import io.augcon.api.internal.DaemonThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Any langchain4j {@link ChatModel} as an {@link LlmBackend}, so every provider langchain4j
 * supports can drive a run. Each request becomes a {@link ChatRequest}: the messages (system, user,
 * assistant), and parameters with the temperature, the token limit ({@code maxOutputTokens}) and
 * the stop sequences. langchain4j's common parameters have no seed, so the seed goes through the
 * provider's own parameters builder, given with {@link Builder#parameters}. The answer's text,
 * finish reason, token usage and model name come back.
 *
 * <pre>{@code
 * ChatModel openAi = OpenAiChatModel.builder().baseUrl(url).apiKey(key).modelName("gpt-4o-mini")
 *     .maxRetries(0)          // retries are AugCon's decorators' job
 *     .build();
 * LlmBackend llm = LangChain4jBackend.builder()
 *     .model(openAi)
 *     .parameters(OpenAiChatRequestParameters::builder, (p, seed) -> p.seed(seed.intValue()))
 *     .secret(key)            // removed from failure messages that quote the server
 *     .build();
 * }</pre>
 *
 * <p>langchain4j models block, so each call runs on the builder's executor (default: a cached
 * pool of daemon threads; AugCon's concurrency limit bounds how many are busy). Cancelling a
 * call interrupts its thread. langchain4j's exceptions become typed {@link io.augcon.api.LlmException}s
 * (an HTTP status is kept, so 429s, 5xx and 401s are told apart).
 */
public final class LangChain4jBackend implements LlmBackend {
    private final ChatModel model;
    private final String modelName;
    private final ParametersFactory parameters;
    private final ExecutorService executor;
    private final List<String> secrets;

    private LangChain4jBackend(Builder b) {
        this.model = b.model;
        this.modelName = b.modelName;
        this.parameters = b.parameters;
        this.executor = b.executor;
        this.secrets = List.copyOf(b.secrets);
    }

    /** A builder with langchain4j's common parameters and no seed; {@link Builder#model} is required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public CompletionStage<LlmResponse> complete(LlmRequest request) {
        Objects.requireNonNull(request, "request");
        CompletableFuture<LlmResponse> result = new CompletableFuture<>();
        Future<?> task = executor.submit(() -> {
            try {
                result.complete(toResponse(model.chat(toChatRequest(request))));
            } catch (RuntimeException e) {
                result.completeExceptionally(LangChain4jErrors.translate(e, modelName, secrets));
            }
        });
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                task.cancel(true);
            }
        });
        return result;
    }

    /** The request langchain4j receives for {@code request}. */
    ChatRequest toChatRequest(LlmRequest request) {
        List<dev.langchain4j.data.message.ChatMessage> messages = new ArrayList<>();
        for (ChatMessage m : request.asMessages()) {
            switch (m.role()) {
                case SYSTEM:
                    messages.add(SystemMessage.from(m.content()));
                    break;
                case ASSISTANT:
                    messages.add(AiMessage.from(m.content()));
                    break;
                default:
                    messages.add(UserMessage.from(m.content()));
            }
        }
        return ChatRequest.builder().messages(messages).parameters(parameters.parameters(request)).build();
    }

    private LlmResponse toResponse(ChatResponse response) {
        AiMessage ai = response.aiMessage();
        String text = ai == null || ai.text() == null ? "" : ai.text();
        dev.langchain4j.model.output.TokenUsage usage = response.tokenUsage();
        TokenUsage tokens = usage == null ? TokenUsage.ZERO
                : new TokenUsage(orZero(usage.inputTokenCount()), orZero(usage.outputTokenCount()));
        String answeredBy = response.modelName() == null ? modelName : response.modelName();
        return new LlmResponse(text, FinishReasons.ours(response.finishReason()), tokens, answeredBy);
    }

    private static long orZero(Integer n) {
        return n == null || n < 0 ? 0 : n;
    }

    @Override
    public String modelName() {
        return modelName;
    }

    @Override
    public String toString() {
        return "LangChain4jBackend[model=" + modelName + ", " + model.getClass().getSimpleName() + "]";
    }

    /** Makes the langchain4j parameters of one request. */
    @FunctionalInterface
    public interface ParametersFactory {
        /**
         * The parameters {@code request} is sent with: at least its temperature, token limit and
         * stop sequences, and its seed where the provider takes one. Called once per request.
         */
        ChatRequestParameters parameters(LlmRequest request);
    }

    /** Configures a {@link LangChain4jBackend}; {@link #model} is required. */
    public static final class Builder {
        private ChatModel model;
        private String modelName;
        private ParametersFactory parameters = Builder::commonParameters;
        private ExecutorService executor;
        private final List<String> secrets = new ArrayList<>();

        private Builder() {}

        /** The langchain4j model to ask. Required. */
        public Builder model(ChatModel value) {
            this.model = Objects.requireNonNull(value, "model");
            return this;
        }

        /** The model name recorded as provenance (default: the model's class name). */
        public Builder modelName(String value) {
            this.modelName = value;
            return this;
        }

        /**
         * Builds each request's parameters with a provider's own builder (which knows the seed):
         * the common settings are filled in, then {@code seed} sets the request's seed when it has one.
         */
        public <B extends DefaultChatRequestParameters.Builder<B>> Builder parameters(Supplier<B> builder,
                BiConsumer<B, Long> seed) {
            Objects.requireNonNull(builder, "builder");
            Objects.requireNonNull(seed, "seed");
            this.parameters = request -> {
                B b = builder.get();
                common(b, request);
                if (request.seed() != null) {
                    seed.accept(b, request.seed());
                }
                return b.build();
            };
            return this;
        }

        /** Builds each request's parameters with {@code factory}, for full control. */
        public Builder parameters(ParametersFactory factory) {
            this.parameters = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /** Runs the blocking model calls (default: a cached pool of daemon threads). */
        public Builder executor(ExecutorService value) {
            this.executor = Objects.requireNonNull(value, "executor");
            return this;
        }

        /** A secret (an API key) to remove from failure messages that quote the provider. */
        public Builder secret(String value) {
            if (value != null && !value.isBlank()) {
                secrets.add(value);
            }
            return this;
        }

        /** @throws IllegalArgumentException when no model is set */
        public LangChain4jBackend build() {
            if (model == null) {
                throw new IllegalArgumentException("model is required: a langchain4j ChatModel");
            }
            if (modelName == null || modelName.isBlank()) {
                modelName = model.getClass().getSimpleName();
            }
            if (executor == null) {
                executor = Executors.newCachedThreadPool(DaemonThreads.numbered("augcon-langchain4j-"));
            }
            return new LangChain4jBackend(this);
        }

        private static ChatRequestParameters commonParameters(LlmRequest request) {
            DefaultChatRequestParameters.Builder<?> b = DefaultChatRequestParameters.builder();
            common(b, request);
            return b.build();
        }

        private static void common(DefaultChatRequestParameters.Builder<?> b, LlmRequest request) {
            b.temperature(request.temperature());
            b.maxOutputTokens(request.maxTokens());
            if (!request.stop().isEmpty()) {
                b.stopSequences(request.stop());
            }
            if (request.responseSchema() != null) {
                b.responseFormat(jsonSchemaFormat(request.responseSchema()));
            }
        }

        /** langchain4j's JSON-schema response format, the schema passed through as written. */
        private static ResponseFormat jsonSchemaFormat(ResponseSchema schema) {
            return ResponseFormat.builder()
                    .type(ResponseFormatType.JSON)
                    .jsonSchema(JsonSchema.builder().name(schema.name()).rootElement(JsonRawSchema.from(schema.json())).build())
                    .build();
        }
    }
}
