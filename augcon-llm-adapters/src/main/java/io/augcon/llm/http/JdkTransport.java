package io.augcon.llm.http;

import io.augcon.api.internal.DaemonThreads;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@link HttpTransport#JDK}: the JDK's {@code HttpClient}, with its blocking {@code send} on
 * threads of this transport's own ({@code augcon-http-N}). Also the transport of the batch API's
 * uploads and downloads, which hand it a JDK {@link HttpRequest} of their own.
 *
 * <p>Why a blocking send on a pool, not {@code sendAsync}: the JDK client hands every
 * {@code sendAsync} answer to {@code CompletableFuture}'s default executor, which on a machine
 * with 2 or fewer cores starts a new thread per task. A run then started one thread per LLM call
 * (16,972 for 16,933 calls, issue 17), and the pipeline's continuations ran on those threads.
 * Here the threads are reused: a run starts about as many as it holds requests in flight.
 */
final class JdkTransport implements Transport {
    /** How long a sending thread waits for the next request before it ends. */
    private static final Duration SENDER_KEEP_ALIVE = Duration.ofSeconds(30);

    private final HttpClient http;
    private final ExecutorService senders;
    private final Map<String, String> headers;

    /**
     * @param client  the client to send with, or null for one of its own: HTTP/1.1 for
     *                {@code http}, HTTP/2 where {@code https} offers it, {@code connect} as its
     *                connect timeout, its own tasks run on the sending threads
     * @param headers sent with every request
     */
    JdkTransport(HttpClient client, boolean https, Duration connect, Map<String, String> headers) {
        this.senders = senders();
        this.headers = Map.copyOf(headers);
        // The default client's own tasks (reading and writing bodies) run on the sending threads
        // too, which are idle while their exchange is in the client's hands: one pool, not two.
        this.http = client != null ? client : HttpClient.newBuilder()
                .executor(senders)
                .version(https ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .connectTimeout(connect)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * The threads that send: as many as requests are in flight, each kept for a while after its
     * last request so a run reuses them, daemons so an idle client keeps no JVM alive.
     */
    private static ExecutorService senders() {
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, SENDER_KEEP_ALIVE.toSeconds(), TimeUnit.SECONDS,
                new SynchronousQueue<>(), DaemonThreads.numbered("augcon-http-"));
    }

    @Override
    public HttpTransport kind() {
        return HttpTransport.JDK;
    }

    @Override
    public CompletableFuture<HttpAnswer> exchange(String method, URI uri, byte[] json, Duration timeout) {
        HttpRequest request;
        try {
            HttpRequest.Builder b = request(uri, timeout).header("Accept", "application/json");
            if (json == null) {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(json));
            }
            request = b.build();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return send(request);
    }

    /** A request to {@code uri} within {@code timeout}, with the configured headers. */
    HttpRequest.Builder request(URI uri, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout);
        headers.forEach(request::header);
        return request;
    }

    /**
     * Sends {@code request} on one of this transport's threads; cancelling the returned future
     * interrupts the send, which cancels the exchange.
     */
    CompletableFuture<HttpAnswer> send(HttpRequest request) {
        CompletableFuture<HttpAnswer> result = new CompletableFuture<>();
        Future<?> exchange;
        try {
            exchange = senders.submit(() -> sendBlocking(request, result));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                exchange.cancel(true);
            }
        });
        return result;
    }

    /** One blocking exchange, its outcome put into {@code result}. */
    private void sendBlocking(HttpRequest request, CompletableFuture<HttpAnswer> result) {
        if (result.isDone()) {
            return;
        }
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            result.complete(new HttpAnswer(response.statusCode(), response.headers()::firstValue, response.body()));
        } catch (InterruptedException e) {
            // cancelled through the result: the client has cancelled its exchange
            result.completeExceptionally(e);
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            result.completeExceptionally(e);
        }
    }
}
