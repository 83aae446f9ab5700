package io.augcon.llm.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.api.FinishReason;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.TokenUsage;
import io.augcon.core.AugCon;
import io.augcon.core.llm.Resilience;
import io.augcon.core.run.RunSummary;
import io.augcon.llm.TestCorpus;
import io.augcon.llm.openai.OpenAiChatBackend;
import io.augcon.testkit.LoopbackOpenAiServer;
import io.augcon.testkit.ScriptedAnswers;
import io.augcon.testkit.ScriptedLlm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token counts from the bge-small-zh tokenizer.json that the langchain4j embedding jar carries. */
class TokenCountingTest {
    static final String TOKENIZER = "bge-small-zh-v1.5-tokenizer.json";
    private static HuggingFaceTokenCounter bge;

    @BeforeAll
    static void load() throws Exception {
        bge = HuggingFaceTokenCounter.fromClasspath(TOKENIZER);
    }

    @AfterAll
    static void close() {
        bge.close();
    }

    @Test
    void theTokenizerCountsWordPiecesWithoutSpecialTokensOrTruncation() {
        assertThat(bge.count("")).isZero();
        assertThat(bge.count("hello world")).isEqualTo(2);
        assertThat(bge.count("绿茶不经过发酵")).as("one token per Chinese character in this vocabulary").isEqualTo(7);
        String longText = "tea ".repeat(1000);
        assertThat(bge.count(longText)).as("no 512-token truncation").isEqualTo(1000);
    }

    @Test
    void aTokenizerLoadsFromAFileAndABadOneIsNamed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tokenizer.json");
        try (var in = getClass().getClassLoader().getResourceAsStream(TOKENIZER)) {
            Files.copy(in, file);
        }
        try (HuggingFaceTokenCounter fromFile = HuggingFaceTokenCounter.load(file)) {
            assertThat(fromFile.count("hello world")).isEqualTo(2);
        }
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"not\": \"a tokenizer\"}");
        assertThatThrownBy(() -> HuggingFaceTokenCounter.load(bad)).hasMessageContaining("bad.json");
        assertThatThrownBy(() -> HuggingFaceTokenCounter.load(dir.resolve("none.json"))).hasMessageContaining("none.json");
        assertThatThrownBy(() -> HuggingFaceTokenCounter.fromClasspath("no/such/tokenizer.json"))
                .hasMessageContaining("no/such/tokenizer.json");
    }

    @Test
    void usageIsCountedOnlyWhereTheServerGaveNone() throws Exception {
        LlmRequest request = LlmRequest.builder().prompt("hello world").build();
        TokenCountingBackend silent = new TokenCountingBackend(
                ScriptedLlm.answering(r -> new LlmResponse("绿茶不经过发酵", FinishReason.STOP, TokenUsage.ZERO, "m")), bge);
        assertThat(silent.complete(request).toCompletableFuture().get(5, TimeUnit.SECONDS).usage())
                .isEqualTo(new TokenUsage(2, 7));
        TokenCountingBackend reported = new TokenCountingBackend(
                ScriptedLlm.answering(r -> new LlmResponse("x", FinishReason.STOP, new TokenUsage(40, 9), "m")), bge);
        assertThat(reported.complete(request).toCompletableFuture().get(5, TimeUnit.SECONDS).usage())
                .isEqualTo(new TokenUsage(40, 9));
    }

    @Test
    void aRunAgainstAServerWithoutUsageReportsCountedTokensPerStage() throws Exception {
        try (LoopbackOpenAiServer server = LoopbackOpenAiServer.builder().handler(ScriptedLlm.answering(r ->
                new LlmResponse(ScriptedAnswers.answer(r).text(), FinishReason.STOP, TokenUsage.ZERO, "m"))).build().start()) {
            AugCon augcon = AugCon.builder()
                    .llm(new TokenCountingBackend(OpenAiChatBackend.builder().baseUrl(server.baseUrl()).model(server.model()).build(), bge))
                    .llmPolicy(p -> p.withResilience(Resilience.off()))
                    .build();
            RunSummary summary = augcon.run(TestCorpus.DOCUMENTS.stream(), r -> { });
            assertThat(summary.tokens()).containsKeys("cst", "response");
            summary.tokens().values().forEach(t -> {
                assertThat(t.inputTokens()).isPositive();
                assertThat(t.outputTokens()).isPositive();
            });
            long expectedIn = server.requests().stream()
                    .mapToLong(r -> r.asMessages().stream().mapToLong(m -> bge.count(m.content())).sum()).sum();
            assertThat(summary.totalTokens().inputTokens()).isEqualTo(expectedIn);
        }
    }
}
