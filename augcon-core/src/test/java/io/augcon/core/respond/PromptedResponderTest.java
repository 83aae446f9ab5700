package io.augcon.core.respond;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.api.CandidateQuery;
import io.augcon.api.ChatMessage;
import io.augcon.api.Language;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.Response;
import io.augcon.api.RootContext;
import io.augcon.testkit.ScriptedLlm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptedResponderTest {
    private static final String TEXT = "The library opens at nine. Late returns cost ten cents a day.";
    private static final CandidateQuery QUERY = new CandidateQuery("When does the library open?",
            new RootContext("d#0", "d", 0, 0, 0, TEXT.length(), TEXT, Language.EN).node(0));

    @TempDir
    Path dir;

    @Test
    void theRequestCarriesPrinciplesDemonstrationsAndTheQuestionAtLowTemperature() {
        ScriptedLlm llm = ScriptedLlm.answering(r -> LlmResponse.of("It opens at nine."));
        PromptedResponder responder = PromptedResponder.builder().backend(llm)
                .principles(Language.EN, List.of("Speak like a pirate.")).build();
        Response response = responder.respond(QUERY, 5).toCompletableFuture().join();

        LlmRequest request = llm.requests().get(0);
        List<ChatMessage> messages = request.messages();
        assertThat(messages.get(0).role()).isEqualTo(ChatMessage.Role.SYSTEM);
        assertThat(messages.get(0).content()).contains("- Speak like a pirate.").doesNotContain("{{principles}}");
        assertThat(messages).hasSize(1 + 2 * 3 + 1);
        assertThat(messages.get(messages.size() - 1).content())
                .isEqualTo("Context: " + TEXT + "\nQuestion: When does the library open?");
        assertThat(request.temperature()).isEqualTo(0.2);
        assertThat(request.stage()).isEqualTo("response");
        assertThat(response.text()).isEqualTo("It opens at nine.");
        assertThat(response.provenance()).containsKey("demonstrations");
    }

    @Test
    void aLeadingAnswerLabelIsRemoved() {
        ScriptedLlm llm = ScriptedLlm.answering(r -> LlmResponse.of("**Answer:** At nine."));
        Response response = PromptedResponder.builder().backend(llm).build().respond(QUERY, 5).toCompletableFuture().join();
        assertThat(response.text()).isEqualTo("At nine.");
    }

    @Test
    void anEmptyAnswerIsAskedAgainOnce() {
        AtomicInteger calls = new AtomicInteger();
        ScriptedLlm llm = ScriptedLlm.answering(r -> LlmResponse.of(calls.incrementAndGet() == 1 ? "  " : "At nine."));
        Response response = PromptedResponder.builder().backend(llm).build().respond(QUERY, 5).toCompletableFuture().join();
        assertThat(response.text()).isEqualTo("At nine.");
        assertThat(llm.requests()).hasSize(2);
        assertThat(llm.requests().get(1).seed()).isNotEqualTo(llm.requests().get(0).seed());
    }

    @Test
    void userSeedExamplesInTheQueryLanguageDemonstrate() throws Exception {
        Path file = dir.resolve("seeds.jsonl");
        Files.writeString(file, "{\"id\":\"mine\",\"context\":\"Cats sleep a lot.\",\"question\":\"Do cats sleep?\",\"answer\":\"Yes, a lot.\"}\n");
        ScriptedLlm llm = ScriptedLlm.answering(r -> LlmResponse.of("At nine."));
        PromptedResponder responder = PromptedResponder.builder().backend(llm)
                .seedExamples(SeedExample.readJsonl(file)).build();
        assertThat(responder.demonstrations(Language.EN)).extracting(SeedExample::id).containsExactly("mine");
        assertThat(responder.demonstrations(Language.ZH)).isNotEmpty();
    }

    @Test
    void aBadSeedExampleLineIsNamed() throws Exception {
        Path file = dir.resolve("seeds.jsonl");
        Files.writeString(file, "{\"context\":\"a\",\"question\":\"b\",\"answer\":\"c\"}\n{\"context\":\"a\",\"answer\":\"c\"}\n");
        assertThatThrownBy(() -> SeedExample.readJsonl(file))
                .hasMessageContaining("line 2 of " + file)
                .hasMessageContaining("question");
    }
}
