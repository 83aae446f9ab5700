package io.augcon.core.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.augcon.api.ChatMessage;
import io.augcon.api.LlmRequest;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The identity of a request as a server sees it: a SHA-256 over the model and every field that
 * goes over the wire (messages or prompt, temperature, max tokens, stop sequences, seed, response
 * schema). A request with no schema has the key it had before schemas existed, so answer caches
 * stay valid. The
 * pipeline-only fields {@code stage} and {@code priority} are left out, so they never split a
 * cache entry.
 */
public final class RequestKey {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RequestKey() {}

    /** The key of {@code request} sent to {@code model}, as 64 hex characters. */
    public static String of(String model, LlmRequest request) {
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
        try {
            byte[] bytes = JSON.writeValueAsBytes(canonical);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot serialise request", e);
        }
    }
}
