package io.augcon.testkit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A way for {@link LoopbackOpenAiServer} to answer a request badly, instead of asking its
 * handler: an error status (with headers such as {@code Retry-After}), a raw body of any content
 * type (a JSON body cut short, an HTML error page), a connection closed without a reply, or no
 * reply at all. Immutable.
 *
 * <pre>{@code
 * server.inject(ServerFault.status(429).withHeader("Retry-After", "2"), 3);
 * server.inject(ServerFault.closeConnection(), 1);
 * server.faultMix(42, Map.of(ServerFault.status(500), 0.08, ServerFault.hang(), 0.01));
 * }</pre>
 */
public final class ServerFault {
    /** How the request is answered. */
    enum Mode {
        /** The status with an error body in the endpoint's style. */
        STATUS,
        /** The status with exactly the given body and content type. */
        RAW,
        /** The connection is closed before any reply byte. */
        CLOSE,
        /** No reply until the server closes. */
        HANG
    }

    final Mode mode;
    final int status;
    final String contentType;
    final String body;
    final Map<String, String> headers;
    private final String name;

    private ServerFault(Mode mode, int status, String contentType, String body, Map<String, String> headers, String name) {
        this.mode = mode;
        this.status = status;
        this.contentType = contentType;
        this.body = body;
        this.headers = Map.copyOf(headers);
        this.name = name;
    }

    /**
     * An error status with an error body in the style of the endpoint that was called.
     *
     * @param status 400 to 599
     */
    public static ServerFault status(int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be in [400, 599], was " + status);
        }
        return new ServerFault(Mode.STATUS, status, null, null, Map.of(), "status " + status);
    }

    /** A 429 with {@code Retry-After: retryAfter} (seconds or an HTTP date). */
    public static ServerFault rateLimited(String retryAfter) {
        return status(429).withHeader("Retry-After", retryAfter);
    }

    /**
     * Exactly this status, content type and body, whatever they hold.
     *
     * @param status 200 to 599
     */
    public static ServerFault raw(int status, String contentType, String body) {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("status must be in [200, 599], was " + status);
        }
        return new ServerFault(Mode.RAW, status, Objects.requireNonNull(contentType, "contentType"),
                Objects.requireNonNull(body, "body"), Map.of(), "raw " + status + " " + contentType);
    }

    /** A 200 whose JSON body stops in the middle, as from a proxy that cut the connection. */
    public static ServerFault truncatedJson() {
        return new ServerFault(Mode.RAW, 200, "application/json",
                "{\"id\":\"chatcmpl-cut\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assi",
                Map.of(), "truncated json");
    }

    /** A 200 carrying an HTML page instead of JSON, as from a misconfigured gateway. */
    public static ServerFault htmlPage() {
        return new ServerFault(Mode.RAW, 200, "text/html; charset=utf-8",
                "<html><head><title>Gateway</title></head><body><h1>Service warming up</h1></body></html>",
                Map.of(), "html page");
    }

    /** The connection is closed without a reply: the client sees it reset. */
    public static ServerFault closeConnection() {
        return new ServerFault(Mode.CLOSE, 0, null, null, Map.of(), "connection closed");
    }

    /** No reply at all until the server is closed: the client must time out. */
    public static ServerFault hang() {
        return new ServerFault(Mode.HANG, 0, null, null, Map.of(), "hang");
    }

    /** This fault with one more response header (for status and raw faults). */
    public ServerFault withHeader(String name, String value) {
        if (mode == Mode.CLOSE || mode == Mode.HANG) {
            throw new IllegalStateException(this.name + " sends no headers");
        }
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new ServerFault(mode, status, contentType, body, more, this.name + " + " + name + ": " + value);
    }

    /** A short description, e.g. {@code status 429 + Retry-After: 2}. */
    @Override
    public String toString() {
        return name;
    }
}
