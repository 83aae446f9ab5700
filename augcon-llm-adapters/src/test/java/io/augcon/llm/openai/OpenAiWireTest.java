package io.augcon.llm.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augcon.api.ChatMessage;
import io.augcon.api.FinishReason;
import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.PromptRendering;
import io.augcon.api.TokenUsage;
import io.augcon.testkit.LoopbackOpenAiServer;
import static io.augcon.llm.Stages.answer;
import static io.augcon.llm.Stages.failure;
import io.augcon.testkit.ServerFault;
import io.augcon.testkit.ScriptedLlm;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Headers, response format, Retry-After and bad bodies on the chat endpoint; the legacy completions endpoint. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class OpenAiWireTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LlmRequest HELLO = LlmRequest.builder().prompt("hello").maxTokens(16).seed(3L).build();

    private final LoopbackOpenAiServer server = LoopbackOpenAiServer.builder().model("m")
            .handler(ScriptedLlm.answering(r -> new LlmResponse("echo " + r.asMessages().get(r.asMessages().size() - 1).content(),
                    r.maxTokens() < 8 ? FinishReason.LENGTH : FinishReason.STOP, new TokenUsage(5, 2), "m")))
            .build().start();

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void extraOrganisationAndProjectHeadersAndTheResponseFormatGoOverTheWire() throws Exception {
        OpenAiChatBackend backend = OpenAiChatBackend.builder().baseUrl(server.baseUrl()).model("m")
                .organization("org-7").project("proj-3").header("X-Tenant", "research")
                .headers(Map.of("X-Route", "gpu-pool-2"))
                .responseFormat("{\"type\":\"json_object\"}").build();
        assertThat(answer(backend.complete(HELLO)).text()).isEqualTo("echo hello");
        Map<String, java.util.List<String>> headers = server.requestHeaders().get(0);
        assertThat(headers).containsEntry("openai-organization", java.util.List.of("org-7"))
                .containsEntry("openai-project", java.util.List.of("proj-3"))
                .containsEntry("x-tenant", java.util.List.of("research"))
                .containsEntry("x-route", java.util.List.of("gpu-pool-2"))
                .doesNotContainKey("authorization");
        JsonNode body = JSON.readTree(server.requestBodies().get(0));
        assertThat(body.path("response_format").path("type").asText()).isEqualTo("json_object");
        assertThatThrownBy(() -> OpenAiChatBackend.builder().responseFormat("[1]")).hasMessageContaining("responseFormat");
        assertThatThrownBy(() -> OpenAiChatBackend.builder().baseUrl(server.baseUrl()).header("Bad:Name", "x").build())
                .hasMessageContaining("header name");
    }

    @Test
    void aRateLimitCarriesRetryAfterInSecondsOrAsAnHttpDate() throws Exception {
        Instant now = Instant.parse("2026-03-01T10:00:00Z");
        OpenAiChatBackend backend = OpenAiChatBackend.builder().baseUrl(server.baseUrl())
                .clock(Clock.fixed(now, ZoneOffset.UTC)).build();
        server.inject(ServerFault.rateLimited("7"), 1);
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(now.plusSeconds(42), ZoneOffset.UTC));
        server.inject(ServerFault.rateLimited(date), 1);
        server.inject(ServerFault.status(503).withHeader("Retry-After", "3"), 1);
        server.inject(ServerFault.status(429), 1);

        LlmException seconds = failure(backend.complete(HELLO));
        assertThat(seconds.kind()).isEqualTo(LlmException.Kind.RATE_LIMITED);
        assertThat(seconds.retryAfter()).hasValue(Duration.ofSeconds(7));
        assertThat(failure(backend.complete(HELLO)).retryAfter()).hasValue(Duration.ofSeconds(42));
        LlmException unavailable = failure(backend.complete(HELLO));
        assertThat(unavailable.kind()).isEqualTo(LlmException.Kind.HTTP_STATUS);
        assertThat(unavailable.retryAfter()).hasValue(Duration.ofSeconds(3));
        assertThat(failure(backend.complete(HELLO)).retryAfter()).isEmpty();
    }

    @Test
    void anHtmlPageOrAJsonBodyCutShortIsAMalformedResponseNamingTheContentType() throws Exception {
        OpenAiChatBackend backend = OpenAiChatBackend.builder().baseUrl(server.baseUrl()).build();
        server.inject(ServerFault.htmlPage(), 1);
        server.inject(ServerFault.truncatedJson(), 1);
        LlmException html = failure(backend.complete(HELLO));
        assertThat(html.kind()).isEqualTo(LlmException.Kind.MALFORMED_RESPONSE);
        assertThat(html.getMessage()).contains("content type text/html").contains("Service warming up");
        assertThat(failure(backend.complete(HELLO)).kind()).isEqualTo(LlmException.Kind.MALFORMED_RESPONSE);
        assertThat(answer(backend.complete(HELLO)).text()).isEqualTo("echo hello");
    }

    @Test
    void aResetConnectionIsConnectionAndAHangIsTimeout() throws Exception {
        OpenAiChatBackend backend = OpenAiChatBackend.builder().baseUrl(server.baseUrl())
                .timeout(Duration.ofMillis(300)).build();
        server.inject(ServerFault.closeConnection(), 1);
        server.inject(ServerFault.hang(), 1);
        assertThat(failure(backend.complete(HELLO)).kind()).isEqualTo(LlmException.Kind.CONNECTION);
        assertThat(failure(backend.complete(HELLO)).kind()).isEqualTo(LlmException.Kind.TIMEOUT);
    }

    @Test
    void theCompletionsEndpointSendsExactlyThePublicRenderingOfChatMessages() throws Exception {
        LlmRequest chat = LlmRequest.builder().message(ChatMessage.system("Be brief."))
                .message(ChatMessage.user("Context: tea\nQuestion: why?")).message(ChatMessage.assistant("Because."))
                .message(ChatMessage.user("And coffee?")).seed(3L).build();
        OpenAiCompletionsBackend plain = OpenAiCompletionsBackend.builder().baseUrl(server.baseUrl()).model("m")
                .apiKey(null).build();
        OpenAiCompletionsBackend labelled = OpenAiCompletionsBackend.builder().baseUrl(server.baseUrl()).model("m")
                .apiKey(null).rendering(PromptRendering.ROLE_LABELS).build();
        answer(plain.complete(chat));
        answer(labelled.complete(chat));
        assertThat(JSON.readTree(server.requestBodies().get(0)).path("prompt").asText())
                .isEqualTo(PromptRendering.CONTENTS_ONLY.render(chat))
                .isEqualTo("Be brief.\n\nContext: tea\nQuestion: why?\n\nBecause.\n\nAnd coffee?");
        assertThat(JSON.readTree(server.requestBodies().get(1)).path("prompt").asText())
                .isEqualTo(PromptRendering.ROLE_LABELS.render(chat))
                .isEqualTo("System: Be brief.\n\nUser: Context: tea\nQuestion: why?\n\nAssistant: Because.\n\n"
                        + "User: And coffee?\n\nAssistant:");
    }

    @Test
    void theLegacyCompletionsEndpointSendsThePromptAndReadsTheText() throws Exception {
        OpenAiCompletionsBackend backend = OpenAiCompletionsBackend.builder().baseUrl(server.baseUrl() + "/").model("m")
                .apiKey(null).build();
        assertThat(backend.endpoint()).hasToString(server.baseUrl() + "/completions");
        LlmResponse full = answer(backend.complete(HELLO));
        assertThat(full.text()).isEqualTo("echo hello");
        assertThat(full.usage()).isEqualTo(new TokenUsage(5, 2));
        JsonNode body = JSON.readTree(server.requestBodies().get(0));
        assertThat(body.path("prompt").asText()).isEqualTo("hello");
        assertThat(body.path("seed").asLong()).isEqualTo(3);
        assertThat(body.has("messages")).isFalse();

        LlmResponse cut = answer(backend.complete(HELLO.toBuilder().maxTokens(4).build()));
        assertThat(cut.truncated()).isTrue();

        LlmRequest chat = LlmRequest.builder().message(ChatMessage.system("Be brief.")).message(ChatMessage.user("Why?")).build();
        answer(backend.complete(chat));
        assertThat(JSON.readTree(server.requestBodies().get(2)).path("prompt").asText()).isEqualTo("Be brief.\n\nWhy?");

        server.inject(ServerFault.raw(200, "application/json", "{\"choices\":[{\"message\":{\"content\":\"x\"}}]}"), 1);
        assertThat(failure(backend.complete(HELLO)).getMessage()).contains("choices[0] has no text");
    }
}
