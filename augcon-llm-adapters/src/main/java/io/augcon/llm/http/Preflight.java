package io.augcon.llm.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.augcon.api.AsyncFailure;
import io.augcon.api.LlmException;
import io.augcon.api.LlmResponse;
import io.augcon.api.LlmUnavailableException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The check a {@link JsonBackend} makes before a run: is the server there, does it take the key,
 * does it serve the model. It asks the model list first, a GET that costs the server nothing;
 * when the list is missing (a gateway without one) or does not hold the model, it sends the
 * cheapest real request (one token), because some servers answer any model name (llama.cpp's)
 * and only the server itself can say that a name is refused.
 *
 * <p>Only failures that every later request would meet end the run: a connection refused or
 * timed out while connecting, an unknown host, 401, 403, or 404 for the path or the model. Any
 * other outcome (a 5xx, a slow answer, a list in a shape it does not know) passes, and the run's
 * own retries and breaker take over. A server that gave no answer at all within the timeout (a
 * host that takes connections and never replies looks the same as a busy one) passes with a
 * warning in the log, naming the URL, since the run's first calls may then wait for their full
 * request timeout.
 */
final class Preflight {
    private static final System.Logger LOG = System.getLogger(Preflight.class.getName());
    /** Statuses no retry can fix: the key, the permission, the path or the model. */
    private static final Set<Integer> REFUSED = Set.of(401, 403, 404);
    /** How many of the server's model names a "not listed" message quotes. */
    private static final int NAMES_QUOTED = 5;

    private final JsonHttpClient http;
    private final String model;
    private final Duration timeout;

    Preflight(JsonHttpClient http, String model, Duration timeout) {
        this.http = http;
        this.model = model;
        this.timeout = timeout;
    }

    /**
     * Runs the check: the list at {@code listPath} ({@code null}: none) read by {@code names},
     * then, when needed, {@code probe}, each bounded by the timeout.
     */
    CompletableFuture<Void> run(String listPath, Function<JsonNode, List<String>> names,
            Supplier<CompletionStage<LlmResponse>> probe) {
        if (listPath == null) {
            return probe(probe, List.of(), null);
        }
        return http.get(listPath, timeout).handle((list, failure) -> {
            if (failure != null) {
                LlmException e = LlmException.find(failure).orElse(null);
                int status = e == null ? -1 : e.status().orElse(-1);
                if (status == 401 || status == 403 || unreachable(failure)) {
                    throw new LlmUnavailableException(message(failure), e);
                }
                if (LlmException.kindOf(failure) == LlmException.Kind.TIMEOUT) {
                    // There, but slow: the run's own timeouts and retries take over.
                    warnSilent("GET " + http.url(listPath));
                    return CompletableFuture.<Void>completedFuture(null);
                }
                // No list here (404, 405, a 5xx): the real request decides.
                return probe(probe, List.of(), null);
            }
            List<String> served = names.apply(list);
            if (served.isEmpty() || served.contains(model)) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            return probe(probe, served, http.url(listPath));
        }).thenCompose(next -> next);
    }

    /**
     * Sends {@code probe}; a refusal fails the check, quoting {@code served}, the names the list
     * at {@code listUrl} held, when the model was not among them.
     */
    private CompletableFuture<Void> probe(Supplier<CompletionStage<LlmResponse>> probe, List<String> served,
            String listUrl) {
        CompletableFuture<LlmResponse> sent = probe.get().toCompletableFuture();
        return sent.copy().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).handle((answer, failure) -> {
            if (failure == null) {
                return null;
            }
            sent.cancel(true);
            LlmException e = LlmException.find(failure).orElse(null);
            boolean refused = e != null && e.kind() == LlmException.Kind.HTTP_STATUS
                    && REFUSED.contains(e.status().orElse(-1));
            if (!refused && !unreachable(failure)) {
                if (AsyncFailure.cause(failure) instanceof TimeoutException
                        || LlmException.kindOf(failure) == LlmException.Kind.TIMEOUT) {
                    warnSilent("a one-token request for model '" + model + "' to " + http.url(""));
                }
                return null;
            }
            String message = message(failure);
            if (!served.isEmpty()) {
                message += "; model '" + model + "' is not among the " + served.size() + " models listed at " + listUrl
                        + ": " + String.join(", ", served.subList(0, Math.min(NAMES_QUOTED, served.size())))
                        + (served.size() > NAMES_QUOTED ? ", ..." : "");
            }
            throw new LlmUnavailableException(message, e);
        });
    }

    /** Says in the log that {@code what} gave no answer in time, and that the run goes on regardless. */
    private void warnSilent(String what) {
        LOG.log(System.Logger.Level.WARNING, () -> "LLM preflight: " + what + " got no answer within "
                + timeout.toMillis() + " ms; the run goes on, but if the server is not there, its first calls"
                + " wait for their full request timeout before the run ends");
    }

    /** The failure's own words: the {@link LlmException}'s message, which names the URL and quotes the server. */
    private static String message(Throwable failure) {
        return LlmException.find(failure).map(Throwable::getMessage)
                .orElseGet(() -> String.valueOf(AsyncFailure.cause(failure).getMessage()));
    }

    /** A connection that failed, or timed out while connecting: a wrong host or port. */
    private static boolean unreachable(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof HttpConnectTimeoutException) {
                return true;
            }
        }
        return LlmException.kindOf(failure) == LlmException.Kind.CONNECTION;
    }
}
