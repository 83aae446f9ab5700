package io.augcon.llm.langchain4j;

import static io.augcon.llm.Stages.answer;
import static io.augcon.llm.Stages.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import io.augcon.api.ChatMessage;
import io.augcon.api.FinishReason;
import io.augcon.api.LlmBackend;
import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.ResponseSchema;
import io.augcon.api.SftRecord;
import io.augcon.api.TokenUsage;
import io.augcon.core.AugCon;
import io.augcon.core.run.RunSummary;
import io.augcon.llm.TestCorpus;
import io.augcon.testkit.LoopbackOpenAiServer;
import io.augcon.testkit.ManualScheduler;
import io.augcon.testkit.ScriptedLlm;
import io.augcon.testkit.ServerFault;
import io.augcon.core.llm.Resilience;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Our pipeline, langchain4j's OpenAI client, the OpenAI wire format; and our backend as their ChatModel. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LangChain4jBridgeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "sk-bridge-test-91c2d7";

    private final LoopbackOpenAiServer server = LoopbackOpenAiServer.builder().apiKey(KEY).model("loopback-7b")
            .handler(ScriptedLlm.immediate()).build().start();

    @AfterEach
    void close() {
        server.close();
    }

    private ChatModel openAi(String key) {
        return OpenAiChatModel.builder().baseUrl(server.baseUrl()).apiKey(key).modelName("loopback-7b")
                .maxRetries(0).timeout(Duration.ofSeconds(10)).build();
    }

    private LlmBackend bridge(String key) {
        return LangChain4jBackend.builder()
                .model(openAi(key))
                .modelName("loopback-7b")
                .parameters(OpenAiChatRequestParameters::builder, (p, seed) -> p.seed((int) (seed ^ (seed >>> 32))))
                .secret(KEY)
                .build();
    }

    @Test
    void aPipelineRunsOnLangchain4jsOpenAiClientWithTheRequestsSamplingOnTheWire() throws Exception {
        // Virtual time that runs each task at once would fire the request timeout before the server answers.
        AugCon augcon = AugCon.builder().llm(bridge(KEY)).concurrency(3).seed(5)
                .scheduler(ManualScheduler.autoAdvancing())
                .llmPolicy(p -> p.withResilience(Resilience.builder().requestTimeout(Resilience.NO_REQUEST_TIMEOUT).build()))
                .build();
        List<SftRecord> records = Collections.synchronizedList(new ArrayList<>());
        RunSummary summary = augcon.run(TestCorpus.DOCUMENTS.stream(), records::add);

        assertThat(records).hasSizeGreaterThan(5);
        assertThat(records).allSatisfy(r -> assertThat(r.model()).isEqualTo("loopback-7b"));
        assertThat(summary.llmFailures()).isEmpty();
        assertThat(summary.totalTokens().inputTokens()).as("usage read back from langchain4j").isPositive();
        assertThat(summary.llmCalls()).containsKeys("cst", "response");
        assertThat(server.requests()).hasSize((int) summary.totalLlmCalls());
        for (String body : server.requestBodies()) {
            JsonNode json = JSON.readTree(body);
            assertThat(json.path("model").asText()).isEqualTo("loopback-7b");
            assertThat(json.has("seed")).as(body).isTrue();
            assertThat(json.has("temperature")).isTrue();
            assertThat(json.path("max_tokens").asInt(json.path("max_completion_tokens").asInt())).isPositive();
        }
        assertThat(server.requests().stream().filter(r -> !r.stop().isEmpty())).as("the CST step's stop sequences").isNotEmpty();
    }

    @Test
    void theRequestMapsToAChatRequestAndTheAnswerBack() throws Exception {
        LangChain4jBackend backend = (LangChain4jBackend) bridge(KEY);
        LlmRequest request = LlmRequest.builder().message(ChatMessage.system("Be brief."))
                .message(ChatMessage.user("Why?")).temperature(0.3).maxTokens(77).stop(List.of("END")).seed(1L << 40 | 9).build();
        ChatRequest chat = backend.toChatRequest(request);
        assertThat(chat.messages()).hasSize(2);
        ChatRequestParameters p = chat.parameters();
        assertThat(p.temperature()).isEqualTo(0.3);
        assertThat(p.maxOutputTokens()).isEqualTo(77);
        assertThat(p.stopSequences()).containsExactly("END");
        assertThat(((OpenAiChatRequestParameters) p).seed()).isEqualTo(256 ^ 9);

        LlmResponse answer = answer(backend.complete(request));
        assertThat(answer.text()).isEqualTo("OK");
        assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(server.requests().get(0).seed()).isEqualTo(256L ^ 9);
    }

    @Test
    void aRequestSchemaGoesAsLangchain4jsJsonSchemaResponseFormatOntoTheWire() throws Exception {
        LangChain4jBackend backend = (LangChain4jBackend) bridge(KEY);
        String schema = "{\"type\":\"object\",\"properties\":{\"correct\":{\"type\":\"boolean\"}},"
                + "\"required\":[\"correct\"],\"additionalProperties\":false}";
        LlmRequest request = LlmRequest.builder().prompt("Is it?").responseSchema(new ResponseSchema("judge", schema)).build();

        ResponseFormat format = backend.toChatRequest(request).parameters().responseFormat();
        assertThat(format.type()).isEqualTo(ResponseFormatType.JSON);
        assertThat(format.jsonSchema().name()).isEqualTo("judge");
        answer(backend.complete(request));

        JsonNode sent = JSON.readTree(server.requestBodies().get(0)).path("response_format");
        assertThat(sent.path("type").asText()).isEqualTo("json_schema");
        assertThat(sent.path("json_schema").path("name").asText()).isEqualTo("judge");
        assertThat(sent.path("json_schema").path("schema")).isEqualTo(JSON.readTree(schema));
        assertThat(backend.toChatRequest(LlmRequest.builder().prompt("Is it?").build()).parameters().responseFormat()).isNull();
    }

    @Test
    void langchain4jFailuresBecomeTypedExceptionsWithoutTheKey() throws Exception {
        server.inject(ServerFault.rateLimited("3"), 1);
        server.inject(ServerFault.status(503), 1);
        LlmBackend backend = bridge(KEY);
        LlmRequest hi = LlmRequest.builder().prompt("hi").build();
        assertThat(failure(backend.complete(hi)).kind()).isEqualTo(LlmException.Kind.RATE_LIMITED);
        LlmException unavailable = failure(backend.complete(hi));
        assertThat(unavailable.kind()).isEqualTo(LlmException.Kind.HTTP_STATUS);
        assertThat(unavailable.status()).hasValue(503);

        String wrong = "sk-wrong-but-secret-55";
        LlmException refused = failure(LangChain4jBackend.builder().model(openAi(wrong)).secret(wrong).build().complete(hi));
        assertThat(refused.status()).hasValue(401);
        assertThat(refused.getMessage()).doesNotContain(wrong).contains("***");
    }

    @Test
    void ourBackendServesLangchain4jCodeAsAChatModel() {
        ScriptedLlm llm = ScriptedLlm.answering(r -> new LlmResponse("blue, because of scattering",
                FinishReason.LENGTH, new TokenUsage(7, 5), "scripted-1"));
        ChatModel chat = new LlmBackendChatModel(llm);
        ChatResponse response = chat.chat(ChatRequest.builder()
                .messages(dev.langchain4j.data.message.SystemMessage.from("Be brief."),
                        dev.langchain4j.data.message.UserMessage.from("Why is the sky blue?"))
                .temperature(0.2).maxOutputTokens(40).stopSequences(List.of("\n\n")).build());
        assertThat(response.aiMessage().text()).isEqualTo("blue, because of scattering");
        assertThat(response.tokenUsage().inputTokenCount()).isEqualTo(7);
        assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(5);
        assertThat(response.finishReason()).isEqualTo(dev.langchain4j.model.output.FinishReason.LENGTH);
        LlmRequest seen = llm.requests().get(0);
        assertThat(seen.messages()).containsExactly(ChatMessage.system("Be brief."), ChatMessage.user("Why is the sky blue?"));
        assertThat(seen.temperature()).isEqualTo(0.2);
        assertThat(seen.maxTokens()).isEqualTo(40);
        assertThat(seen.stop()).containsExactly("\n\n");
        assertThat(chat.chat("plain")).isEqualTo("blue, because of scattering");

        ChatModel failing = new LlmBackendChatModel(ScriptedLlm.answering(r -> {
            throw LlmException.forStatus(500, "HTTP 500: down");
        }));
        assertThatThrownBy(() -> failing.chat("x")).isInstanceOf(LlmException.class).hasMessageContaining("500");
    }
}
