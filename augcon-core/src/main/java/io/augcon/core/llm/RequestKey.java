package io.augcon.core.llm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.augcon.api.ChatMessage;
import io.augcon.api.LlmRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The identity of a request as a server sees it: a SHA-256 over the model and every field that
 * goes over the wire (messages or prompt, temperature, max tokens, stop sequences, seed, response
 * schema). A request with no schema has the key it had before schemas existed, so answer caches
 * stay valid. The
 * pipeline-only fields {@code stage} and {@code priority} are left out, so they never split a
 * cache entry. {@link CachingBackend} computes the same keys with less hashing ({@code RequestKeys}).
 */
public final class RequestKey {
    private static final JsonFactory JSON = new JsonFactory();

    private RequestKey() {}

    /** The key of {@code request} sent to {@code model}, as 64 hex characters. */
    public static String of(String model, LlmRequest request) {
        MessageDigest sha256 = sha256();
        // The canonical JSON is streamed into the digest, never built as a tree or a byte array:
        // it was a JSON tree serialised to bytes, which cost as much as serialising the request's
        // body a second time (issue 17). The bytes are the same, so are the keys (RequestKeyTest).
        write(model, request, new DigestStream(sha256));
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** A new SHA-256 digest. */
    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** Writes the canonical JSON that {@link #of} hashes to {@code out}, and closes it. */
    static void write(String model, LlmRequest request, OutputStream out) {
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("model", model);
            if (request.prompt() != null) {
                json.writeStringField("prompt", request.prompt());
            } else {
                json.writeArrayFieldStart("messages");
                for (ChatMessage m : request.messages()) {
                    json.writeStartObject();
                    json.writeStringField("role", m.role().name());
                    json.writeStringField("content", m.content());
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            json.writeNumberField("temperature", request.temperature());
            json.writeNumberField("max_tokens", request.maxTokens());
            json.writeArrayFieldStart("stop");
            for (String stop : request.stop()) {
                json.writeString(stop);
            }
            json.writeEndArray();
            if (request.seed() != null) {
                json.writeNumberField("seed", request.seed().longValue());
            }
            if (request.responseSchema() != null) {
                json.writeObjectFieldStart("response_schema");
                json.writeStringField("name", request.responseSchema().name());
                json.writeStringField("schema", request.responseSchema().json());
                json.writeEndObject();
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise a request's key", e);
        }
    }

    /** Bytes written go into the digest and nowhere else. */
    private static final class DigestStream extends OutputStream {
        private final MessageDigest digest;

        DigestStream(MessageDigest digest) {
            this.digest = digest;
        }

        @Override
        public void write(int b) {
            digest.update((byte) b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            digest.update(bytes, offset, length);
        }
    }
}
