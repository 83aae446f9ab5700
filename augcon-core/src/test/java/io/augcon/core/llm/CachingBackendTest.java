package io.augcon.core.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.api.ChatMessage;
import io.augcon.api.FinishReason;
import io.augcon.api.LlmRequest;
import io.augcon.api.ResponseSchema;
import io.augcon.api.LlmResponse;
import io.augcon.api.TokenUsage;
import io.augcon.testkit.ScriptedLlm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachingBackendTest {
    @TempDir
    Path dir;

    private final AtomicInteger calls = new AtomicInteger();
    private final ScriptedLlm llm = ScriptedLlm.answering(r -> new LlmResponse(
            "answer " + calls.incrementAndGet(), FinishReason.STOP, new TokenUsage(3, 2), "m"));

    private static LlmRequest request(long seed) {
        return LlmRequest.builder().prompt("Question:").temperature(0.85).maxTokens(64)
                .stop(List.of("\nContext:")).seed(seed).stage("cst").build();
    }

    @Test
    void aRerunWithTheSameStoreReplaysAnswersWithoutAsking() throws Exception {
        Path file = dir.resolve("answers.jsonl");
        try (JsonlAnswerStore store = JsonlAnswerStore.open(file)) {
            new CachingBackend(llm, store).complete(request(1)).toCompletableFuture().join();
        }
        try (JsonlAnswerStore store = JsonlAnswerStore.open(file)) {
            CachingBackend cached = new CachingBackend(llm, store);
            LlmResponse replayed = cached.complete(request(1)).toCompletableFuture().join();
            assertThat(replayed.text()).isEqualTo("answer 1");
            assertThat(replayed.usage()).isEqualTo(new TokenUsage(3, 2));
            assertThat(cached.hits()).isEqualTo(1);
        }
        assertThat(calls).hasValue(1);
    }

    @Test
    void aTornLastLineIsSkippedAndDoesNotSwallowTheNextAnswer() throws Exception {
        Path file = dir.resolve("answers.jsonl");
        try (JsonlAnswerStore store = JsonlAnswerStore.open(file)) {
            new CachingBackend(llm, store).complete(request(1)).toCompletableFuture().join();
        }
        Files.writeString(file, "{\"key\":\"abc\",\"te", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (JsonlAnswerStore store = JsonlAnswerStore.open(file)) {
            assertThat(store.ignoredLines()).isEqualTo(1);
            new CachingBackend(llm, store).complete(request(2)).toCompletableFuture().join();
        }
        try (JsonlAnswerStore store = JsonlAnswerStore.open(file)) {
            assertThat(store.size()).isEqualTo(2);
            assertThat(store.ignoredLines()).isEqualTo(1);
        }
    }

    @Test
    void anotherWritersFileIsReadWithoutTouchingItsHalfWrittenLine() throws Exception {
        Path file = dir.resolve("theirs.jsonl");
        try (JsonlAnswerStore store = JsonlAnswerStore.open(file)) {
            new CachingBackend(llm, store).complete(request(1)).toCompletableFuture().join();
            new CachingBackend(llm, store).complete(request(2)).toCompletableFuture().join();
        }
        Files.writeString(file, "{\"key\":\"abc\",\"te", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        byte[] before = Files.readAllBytes(file);

        var answers = JsonlAnswerStore.read(file);

        assertThat(answers).hasSize(2).doesNotContainKey("abc");
        assertThat(Files.readAllBytes(file)).as("left as the writer left it").isEqualTo(before);
        assertThat(JsonlAnswerStore.read(dir.resolve("none.jsonl"))).isEmpty();
    }

    @Test
    void truncatedAnswersAreNotStored() throws Exception {
        ScriptedLlm cut = ScriptedLlm.answering(r -> new LlmResponse("half", FinishReason.LENGTH, TokenUsage.ZERO, "m"));
        try (JsonlAnswerStore store = JsonlAnswerStore.open(dir.resolve("a.jsonl"))) {
            new CachingBackend(cut, store).complete(request(1)).toCompletableFuture().join();
            assertThat(store.size()).isZero();
        }
    }

    @Test
    void theKeyChangesWithEveryWireFieldAndIgnoresStageAndPriority() {
        LlmRequest base = request(1);
        String key = RequestKey.of("m", base);
        assertThat(RequestKey.of("other-model", base)).isNotEqualTo(key);
        assertThat(RequestKey.of("m", base.toBuilder().prompt("Question: ").build())).isNotEqualTo(key);
        assertThat(RequestKey.of("m", base.toBuilder().temperature(0.2).build())).isNotEqualTo(key);
        assertThat(RequestKey.of("m", base.toBuilder().maxTokens(65).build())).isNotEqualTo(key);
        assertThat(RequestKey.of("m", base.toBuilder().stop(List.of()).build())).isNotEqualTo(key);
        assertThat(RequestKey.of("m", base.toBuilder().seed(2L).build())).isNotEqualTo(key);
        assertThat(RequestKey.of("m", base.toBuilder().seed((Long) null).build())).isNotEqualTo(key);
        assertThat(RequestKey.of("m", base.toBuilder().prompt(null).message(ChatMessage.user("Question:")).build()))
                .isNotEqualTo(key);
        assertThat(RequestKey.of("m", base.toBuilder().stage("response").priority(99).build())).isEqualTo(key);
    }

    @Test
    void theKeyChangesWithTheResponseSchemaNameAndText() {
        LlmRequest base = request(1);
        ResponseSchema schema = new ResponseSchema("judge", "{\"type\":\"object\"}");
        String key = RequestKey.of("m", base.toBuilder().responseSchema(schema).build());
        assertThat(key).isNotEqualTo(RequestKey.of("m", base));
        assertThat(RequestKey.of("m", base.toBuilder().responseSchema(new ResponseSchema("cst", schema.json())).build()))
                .isNotEqualTo(key);
        assertThat(RequestKey.of("m", base.toBuilder()
                .responseSchema(new ResponseSchema("judge", "{\"type\":\"object\",\"required\":[]}")).build()))
                .isNotEqualTo(key);
    }

    @Test
    void theKeyChangesWithEveryMessageRoleContentAndOrder() {
        LlmRequest base = LlmRequest.builder().message(ChatMessage.system("Be brief.")).message(ChatMessage.user("Why?")).build();
        String key = RequestKey.of("m", base);
        assertThat(RequestKey.of("m", LlmRequest.builder().message(ChatMessage.user("Be brief.")).message(ChatMessage.user("Why?")).build()))
                .isNotEqualTo(key);
        assertThat(RequestKey.of("m", LlmRequest.builder().message(ChatMessage.system("Be brief.")).message(ChatMessage.user("Why not?")).build()))
                .isNotEqualTo(key);
        assertThat(RequestKey.of("m", LlmRequest.builder().message(ChatMessage.user("Why?")).message(ChatMessage.system("Be brief.")).build()))
                .isNotEqualTo(key);
        assertThat(RequestKey.of("m", base.toBuilder().message(ChatMessage.user("And?")).build())).isNotEqualTo(key);
        assertThat(RequestKey.of("m", LlmRequest.builder().message(ChatMessage.system("Be brief.")).message(ChatMessage.user("Why?")).build()))
                .isEqualTo(key);
    }
}
