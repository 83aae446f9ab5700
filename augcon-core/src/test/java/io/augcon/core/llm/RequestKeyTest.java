package io.augcon.core.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.augcon.api.ChatMessage;
import io.augcon.api.LlmRequest;
import io.augcon.api.ResponseSchema;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The streamed key is the key caches were written with: the canonical JSON tree's SHA-256. */
class RequestKeyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<LlmRequest> requests() {
        LlmRequest base = LlmRequest.builder().prompt("Question:").temperature(0.85).maxTokens(64)
                .stop(List.of("\nContext:")).seed(7L).stage("cst").build();
        return Stream.of(
                base,
                base.toBuilder().seed((Long) null).stop(List.of()).build(),
                base.toBuilder().seed(Long.MAX_VALUE).temperature(0).maxTokens(1).build(),
                base.toBuilder().prompt("上下文：茶叶的发酵程度决定了它的类别。\n问题：\"引号\"\t与 \\ 反斜杠 \u0001").build(),
                base.toBuilder().prompt(null).message(ChatMessage.system("You write questions."))
                        .message(ChatMessage.user("Context: gears.\nQuestion:")).build(),
                base.toBuilder().temperature(1.3).responseSchema(new ResponseSchema("cst",
                        "{\"type\":\"object\",\"properties\":{\"question\":{\"type\":\"string\"}}}")).build());
    }

    @ParameterizedTest
    @MethodSource("requests")
    void theStreamedKeyIsTheCanonicalTreesHash(LlmRequest request) throws Exception {
        assertThat(RequestKey.of("qwen2.5-7b", request)).isEqualTo(treeKey("qwen2.5-7b", request));
    }

    /** How the key was computed before it was streamed: a JSON tree, serialised, then hashed. */
    private static String treeKey(String model, LlmRequest request) throws Exception {
        ObjectNode canonical = JSON.createObjectNode();
        canonical.put("model", model);
        if (request.prompt() != null) {
            canonical.put("prompt", request.prompt());
        } else {
            ArrayNode messages = canonical.putArray("messages");
            for (ChatMessage m : request.messages()) {
                messages.addObject().put("role", m.role().name()).put("content", m.content());
            }
        }
        canonical.put("temperature", request.temperature());
        canonical.put("max_tokens", request.maxTokens());
        ArrayNode stop = canonical.putArray("stop");
        request.stop().forEach(stop::add);
        if (request.seed() != null) {
            canonical.put("seed", request.seed());
        }
        if (request.responseSchema() != null) {
            canonical.putObject("response_schema")
                    .put("name", request.responseSchema().name())
                    .put("schema", request.responseSchema().json());
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(JSON.writeValueAsBytes(canonical)));
    }
}
