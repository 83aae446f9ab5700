package io.augcon.llm.ollama;

import static io.augcon.llm.Stages.answer;
import static io.augcon.llm.Stages.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augcon.api.FinishReason;
import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.ResponseSchema;
import io.augcon.api.TokenUsage;
import io.augcon.testkit.LoopbackOpenAiServer;
import io.augcon.testkit.ScriptedLlm;
import io.augcon.testkit.ServerFault;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class OllamaChatBackendTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoopbackOpenAiServer server = LoopbackOpenAiServer.builder().model("qwen2.5:7b")
            .handler(ScriptedLlm.answering(r -> new LlmResponse("ollama says " + r.asMessages().get(0).content(),
                    r.maxTokens() < 8 ? FinishReason.LENGTH : FinishReason.STOP, new TokenUsage(11, 6), "x")))
            .build().start();

    @AfterEach
    void close() {
        server.close();
    }

    private OllamaChatBackend.Builder backend() {
        return OllamaChatBackend.builder().baseUrl(server.rootUrl()).model("qwen2.5:7b");
    }

    @Test
    void theRequestsSamplingGoesInOptionsAndTheAnswerComesWithUsage() throws Exception {
        OllamaChatBackend ollama = backend().option("num_ctx", 8192).keepAlive("10m").build();
        LlmRequest request = LlmRequest.builder().prompt("hi").temperature(0.3).maxTokens(64).seed(17L)
                .stop(List.of("END")).build();
        LlmResponse answer = answer(ollama.complete(request));
        assertThat(answer.text()).isEqualTo("ollama says hi");
        assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(answer.usage()).isEqualTo(new TokenUsage(11, 6));
        assertThat(answer.model()).isEqualTo("qwen2.5:7b");

        JsonNode body = JSON.readTree(server.requestBodies().get(0));
        assertThat(body.path("stream").asBoolean(true)).isFalse();
        assertThat(body.path("keep_alive").asText()).isEqualTo("10m");
        JsonNode options = body.path("options");
        assertThat(options.path("seed").asLong()).isEqualTo(17);
        assertThat(options.path("temperature").asDouble()).isEqualTo(0.3);
        assertThat(options.path("num_predict").asInt()).isEqualTo(64);
        assertThat(options.path("num_ctx").asInt()).isEqualTo(8192);
        assertThat(options.path("stop").get(0).asText()).isEqualTo("END");
        assertThat(server.requests().get(0).seed()).isEqualTo(17L);
    }

    @Test
    void aRequestSchemaGoesAsFormatAndNoneIsSentWithout() throws Exception {
        OllamaChatBackend ollama = backend().build();
        String schema = "{\"type\":\"object\",\"properties\":{\"correct\":{\"type\":\"boolean\"}},\"required\":[\"correct\"]}";

        answer(ollama.complete(LlmRequest.builder().prompt("Is it?").responseSchema(new ResponseSchema("judge", schema)).build()));
        answer(ollama.complete(LlmRequest.builder().prompt("Is it?").build()));

        assertThat(JSON.readTree(server.requestBodies().get(0)).path("format")).isEqualTo(JSON.readTree(schema));
        assertThat(server.requests().get(0).responseSchema()).isEqualTo(new ResponseSchema("format", schema));
        assertThat(JSON.readTree(server.requestBodies().get(1)).has("format")).isFalse();
    }

    @Test
    void aLengthDoneReasonIsATruncatedAnswer() throws Exception {
        assertThat(answer(backend().build().complete(LlmRequest.builder().prompt("hi").maxTokens(4).build())).truncated())
                .isTrue();
    }

    @Test
    void ollamasErrorsAreTypedAndQuoted() throws Exception {
        server.inject(ServerFault.status(500), 1);
        server.inject(ServerFault.rateLimited("5"), 1);
        OllamaChatBackend ollama = backend().build();
        LlmException e = failure(ollama.complete(LlmRequest.builder().prompt("hi").build()));
        assertThat(e.kind()).isEqualTo(LlmException.Kind.HTTP_STATUS);
        assertThat(e.getMessage()).contains("HTTP 500").contains("injected failure");
        LlmException limited = failure(ollama.complete(LlmRequest.builder().prompt("hi").build()));
        assertThat(limited.retryAfter()).hasValue(java.time.Duration.ofSeconds(5));
        server.inject(ServerFault.raw(200, "application/json", "{\"done\":true}"), 1);
        assertThat(failure(ollama.complete(LlmRequest.builder().prompt("hi").build())).kind())
                .isEqualTo(LlmException.Kind.MALFORMED_RESPONSE);
    }

    @Test
    void theBuilderNamesWhatIsMissing() {
        assertThatThrownBy(() -> OllamaChatBackend.builder().build()).hasMessageContaining("model");
        assertThatThrownBy(() -> OllamaChatBackend.builder().model("m").option("x", List.of()))
                .hasMessageContaining("option x");
        assertThat(OllamaChatBackend.builder().model("m").build().endpoint()).hasToString("http://localhost:11434/api/chat");
    }
}
