package io.augcon.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * The API-key check of a {@link LoopbackOpenAiServer}: with a key configured, a request must carry
 * {@code Authorization: Bearer <key>}, else it is answered 401 in its dialect's error shape. Like
 * OpenAI, the message repeats a wrong key as it was presented, so that clients can test that they
 * redact it. It is apart from the routes because the model list and the LLM endpoints both ask
 * it, each at its own step (an LLM request is read and counted first).
 */
final class BearerCheck {
    private final String apiKey;

    /** {@code apiKey} {@code null} requires nothing. */
    BearerCheck(String apiKey) {
        this.apiKey = apiKey;
    }

    /** True when {@code exchange} may be served; otherwise it has been answered with a 401. */
    boolean admits(HttpExchange exchange, Dialect dialect) throws IOException {
        if (apiKey == null) {
            return true;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || header.isBlank()) {
            Exchanges.sendError(exchange, dialect, 401, "You didn't provide an API key. You need to provide your API key in an"
                    + " Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", null);
            return false;
        }
        String presented = header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : header;
        if (!apiKey.equals(presented)) {
            Exchanges.sendError(exchange, dialect, 401, "Incorrect API key provided: " + presented + ".", "invalid_api_key");
            return false;
        }
        return true;
    }
}
