package io.augcon.llm.http;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The one thing {@link JsonHttpClient} asks of an HTTP client: send a request with the client's
 * configured headers and bring back an {@link HttpAnswer}, or fail. {@link AnswerClassifier} turns
 * either into a JSON object or a typed exception, so each transport only has to report its
 * failures in the shapes the classifier reads: a timeout as a
 * {@link java.net.http.HttpTimeoutException}, a refused connection as a
 * {@link java.net.ConnectException}, any other broken exchange as an {@link java.io.IOException}.
 */
interface Transport {
    /**
     * Sends {@code method} to {@code uri} with {@code Accept: application/json} and, when
     * {@code json} is not null, that body as {@code application/json}; the whole exchange within
     * {@code timeout}. Cancelling the returned future cancels the exchange and frees its
     * connection. Never throws: a request that cannot be sent fails the future.
     */
    CompletableFuture<HttpAnswer> exchange(String method, URI uri, byte[] json, Duration timeout);

    /** The {@link HttpTransport} this is. */
    HttpTransport kind();
}
