package io.augcon.api;

import io.augcon.api.internal.Knob;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A failed LLM request, typed by {@link Kind} so the pipeline can count failures and decide
 * what to retry. Messages never contain credentials.
 */
public class LlmException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** The server answered with a non-2xx status other than 429. */
        HTTP_STATUS,
        /** The server answered 429 Too Many Requests. */
        RATE_LIMITED,
        /** No answer within the timeout. */
        TIMEOUT,
        /** The connection failed or was reset. */
        CONNECTION,
        /** The server's answer was not the protocol's format (bad JSON, missing fields). */
        MALFORMED_RESPONSE,
        /** The model's text could not be parsed into what the stage asked for. */
        MALFORMED_OUTPUT,
        /** The model's text was cut by the token limit. */
        TRUNCATED,
        /** The request was cancelled or interrupted. */
        CANCELLED,
        /** Anything else. */
        OTHER
    }

    /** What went wrong; never {@code null}. */
    private final Kind kind;
    /** The HTTP status, or -1 when the failure was not an HTTP answer. */
    private final int status;
    /** The wait the server asked for, or {@code null} when it named none. */
    private final Duration retryAfter;

    /** A failure that was not an HTTP answer (no status), without a cause. */
    public LlmException(Kind kind, String message) {
        this(kind, -1, message, null);
    }

    /** A failure that was not an HTTP answer (no status), caused by {@code cause} (may be {@code null}). */
    public LlmException(Kind kind, String message, Throwable cause) {
        this(kind, -1, message, cause);
    }

    /**
     * A failure with an HTTP {@code status} (a negative one means none) and no {@code Retry-After};
     * {@code cause} may be {@code null}.
     */
    public LlmException(Kind kind, int status, String message, Throwable cause) {
        this(kind, status, message, cause, null);
    }

    /**
     * A failure with the wait the server asked for before the next attempt (an HTTP
     * {@code Retry-After}); {@code retryAfter} may be {@code null} for none.
     */
    public LlmException(Kind kind, int status, String message, Throwable cause, Duration retryAfter) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.status = status;
        this.retryAfter = Knob.notNegative("retryAfter", retryAfter);
    }

    /** A non-2xx answer: {@link Kind#RATE_LIMITED} for 429, {@link Kind#HTTP_STATUS} otherwise. */
    public static LlmException forStatus(int status, String message) {
        return forStatus(status, message, null);
    }

    /**
     * A non-2xx answer that said how long to wait before trying again ({@code Retry-After} on a
     * 429 or a 503); {@code retryAfter} may be {@code null} when the server said nothing.
     */
    public static LlmException forStatus(int status, String message, Duration retryAfter) {
        return new LlmException(status == 429 ? Kind.RATE_LIMITED : Kind.HTTP_STATUS, status, message, null, retryAfter);
    }

    /** What went wrong: decides whether the retry policy tries again and where the summary counts it. */
    public Kind kind() {
        return kind;
    }

    /** The HTTP status, when the failure was an HTTP answer. */
    public OptionalInt status() {
        return status < 0 ? OptionalInt.empty() : OptionalInt.of(status);
    }

    /** How long the server asked the client to wait before the next attempt, if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The first {@code LlmException} in {@code failure}'s cause chain ({@code failure} included), if any. */
    public static Optional<LlmException> find(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof LlmException) {
                return Optional.of((LlmException) c);
            }
        }
        return Optional.empty();
    }

    /**
     * The {@link Kind} of any failure: an {@code LlmException}'s own kind, found through wrapping
     * {@code CompletionException}s and causes, else {@link Kind#OTHER}.
     */
    public static Kind kindOf(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof LlmException) {
                return ((LlmException) c).kind();
            }
            if (c instanceof java.util.concurrent.CancellationException || c instanceof InterruptedException) {
                return Kind.CANCELLED;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return Kind.OTHER;
    }
}
