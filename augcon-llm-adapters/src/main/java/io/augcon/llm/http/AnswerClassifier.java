package io.augcon.llm.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augcon.api.AsyncFailure;
import io.augcon.api.LlmException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * What one exchange of a {@link JsonHttpClient} ended with, classified: the answer's JSON object,
 * or the typed {@link LlmException} its Javadoc promises (a non-2xx status with its
 * {@code Retry-After}, a timeout, a failed connection, a cancellation, a 2xx body that is not a
 * JSON object). It is apart from the transport so that which failure becomes which kind reads in
 * one place, and it owns redaction because every message that quotes server text is made here.
 * Thread-safe.
 */
final class AnswerClassifier {
    private static final String REDACTED = "***";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final Duration timeout;
    private final Clock clock;
    private final List<String> secrets;

    AnswerClassifier(URI endpoint, Duration timeout, Clock clock, List<String> secrets) {
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.clock = clock;
        this.secrets = List.copyOf(secrets);
    }

    /**
     * The answer's JSON object when {@code failure} is null, else the failure classified.
     *
     * @throws LlmException for a failure, an error status or a body that is not a JSON object
     */
    JsonNode outcome(HttpAnswer response, Throwable failure) {
        try {
            if (failure != null) {
                throw translate(failure);
            }
            return read(response);
        } catch (LlmException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new LlmException(LlmException.Kind.OTHER,
                    "unexpected failure reading the answer from " + endpoint + ": " + e.getClass().getSimpleName());
        }
    }

    /**
     * The answer's body as text when {@code failure} is null and the status is 2xx, else the
     * failure classified.
     *
     * @throws LlmException for a failure or an error status
     */
    String text(HttpAnswer response, Throwable failure) {
        if (failure != null) {
            throw translate(failure);
        }
        checkStatus(response);
        return response.body() == null ? "" : response.body();
    }

    /** A {@link LlmException.Kind#MALFORMED_RESPONSE} naming the endpoint and {@code what}. */
    LlmException malformed(String what) {
        return new LlmException(LlmException.Kind.MALFORMED_RESPONSE, "malformed answer from " + endpoint + ": " + what);
    }

    /** See {@link JsonHttpClient#excerpt}. */
    String excerpt(String text) {
        if (text == null) {
            return "(empty body)";
        }
        String s = redact(text).replaceAll("\\s+", " ").strip();
        if (s.isEmpty()) {
            return "(empty body)";
        }
        if (s.length() <= JsonHttpClient.MAX_EXCERPT) {
            return s;
        }
        int end = JsonHttpClient.MAX_EXCERPT - 1;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "…";
    }

    /** See {@link JsonHttpClient#errorText}. */
    static String errorText(String body) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        try {
            JsonNode root = JSON.readTree(body);
            if (root != null && root.isObject()) {
                JsonNode error = root.get("error");
                if (error != null && error.isObject() && error.path("message").isTextual()) {
                    return error.get("message").asText();
                }
                for (String field : new String[] {"error", "message", "detail"}) {
                    JsonNode n = root.get(field);
                    if (n != null && n.isTextual()) {
                        return n.asText();
                    }
                }
            }
        } catch (JsonProcessingException e) {
            // Not JSON: quote the body.
        }
        return body;
    }

    /** {@code text} with every secret replaced, for a message that quotes it. */
    static String redact(String text, List<String> secrets) {
        String s = text;
        for (String secret : secrets) {
            s = s.replace(secret, REDACTED);
        }
        return s;
    }

    private String redact(String text) {
        return redact(text, secrets);
    }

    private JsonNode read(HttpAnswer response) {
        checkStatus(response);
        String body = response.body();
        String type = response.header("Content-Type").orElse("none");
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw malformed("the body is not JSON (content type " + excerpt(type) + "): " + excerpt(body));
        }
        if (root == null || !root.isObject()) {
            throw malformed("the body is not a JSON object (content type " + excerpt(type) + "): " + excerpt(body));
        }
        return root;
    }

    /** @throws LlmException for a status outside 2xx, with the server's message and {@code Retry-After} */
    private void checkStatus(HttpAnswer response) {
        int status = response.status();
        if (status < 200 || status > 299) {
            throw LlmException.forStatus(status, "HTTP " + status + " from " + endpoint + ": "
                    + excerpt(errorText(response.body())), response.header("Retry-After")
                            .flatMap(v -> RetryAfter.parse(v, clock.instant())).orElse(null));
        }
    }

    private LlmException translate(Throwable failure) {
        Throwable c = AsyncFailure.cause(failure);
        if (c instanceof LlmException) {
            return (LlmException) c;
        }
        if (c instanceof HttpTimeoutException) {
            return new LlmException(LlmException.Kind.TIMEOUT, "no answer from " + endpoint + " within " + timeout, c);
        }
        if (c instanceof ConnectException) {
            return new LlmException(LlmException.Kind.CONNECTION, "cannot connect to " + endpoint + ": " + describe(c), c);
        }
        if (c instanceof IOException) {
            return new LlmException(LlmException.Kind.CONNECTION, "connection to " + endpoint + " failed: " + describe(c), c);
        }
        if (c instanceof CancellationException || c instanceof InterruptedException) {
            return new LlmException(LlmException.Kind.CANCELLED, "request to " + endpoint + " cancelled", c);
        }
        return new LlmException(LlmException.Kind.OTHER, "request to " + endpoint + " failed: " + describe(c), c);
    }

    private String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " (" + excerpt(m) + ")");
    }
}
