package io.augcon.llm.langchain4j;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.JsonException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import io.augcon.api.LlmException;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.util.List;

/** Turns what a langchain4j model throws into a typed {@link LlmException}, secrets removed. */
final class LangChain4jErrors {
    private LangChain4jErrors() {}

    static LlmException translate(Throwable failure, String model, List<String> secrets) {
        String message = "langchain4j model " + model + " failed: " + redact(describe(failure), secrets);
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof LlmException) {
                return (LlmException) c;
            }
            if (c instanceof HttpException) {
                return LlmException.forStatus(((HttpException) c).statusCode(), message);
            }
        }
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof RateLimitException) {
                return LlmException.forStatus(429, message);
            }
            if (c instanceof AuthenticationException) {
                return LlmException.forStatus(401, message);
            }
            if (c instanceof ModelNotFoundException) {
                return LlmException.forStatus(404, message);
            }
            if (c instanceof InvalidRequestException) {
                return LlmException.forStatus(400, message);
            }
            if (c instanceof InternalServerException) {
                return LlmException.forStatus(500, message);
            }
            if (c instanceof dev.langchain4j.exception.TimeoutException || c instanceof HttpTimeoutException
                    || c instanceof java.util.concurrent.TimeoutException || c instanceof java.net.SocketTimeoutException) {
                return new LlmException(LlmException.Kind.TIMEOUT, message);
            }
            if (c instanceof JsonException) {
                return new LlmException(LlmException.Kind.MALFORMED_RESPONSE, message);
            }
            if (c instanceof IOException) {
                return new LlmException(LlmException.Kind.CONNECTION, message);
            }
            if (c instanceof InterruptedException || c instanceof java.util.concurrent.CancellationException) {
                return new LlmException(LlmException.Kind.CANCELLED, message);
            }
        }
        return new LlmException(LlmException.Kind.OTHER, message);
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    static String redact(String text, List<String> secrets) {
        String s = text;
        for (String secret : secrets) {
            s = s.replace(secret, "***");
        }
        s = s.replaceAll("\\s+", " ").strip();
        return s.length() <= 300 ? s : s.substring(0, 299) + "…";
    }
}
