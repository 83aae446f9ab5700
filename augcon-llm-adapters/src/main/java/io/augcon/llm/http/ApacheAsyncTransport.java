package io.augcon.llm.http;

import io.augcon.api.internal.DaemonThreads;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.RequestNotExecutedException;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;

/**
 * {@link HttpTransport#APACHE_ASYNC}: Apache HttpClient 5's non-blocking client, whose few I/O
 * reactor threads ({@code augcon-nio-N}, {@value #MAX_IO_THREADS} at most, one per core) read and
 * write every connection of the JVM. OkHttp's {@code enqueue} and the JDK client's blocking
 * {@code send} hold a thread for each exchange in flight, so a run with 256 requests in flight
 * held about 300 threads; here the threads do not grow with the requests in flight.
 *
 * <p>Every transport of the JVM shares one client: one reactor and one connection pool, made on
 * first use, so runs and backends reuse connections. Each transport only sets its connect timeout
 * and headers on top. The pool caps nothing ({@value #MAX_CONNECTIONS} connections): the engine's
 * concurrency and the resilience decorators bound the calls in flight, and a request queued for a
 * connection would wait where no one sees it. Nagle's algorithm is off, as in the other two
 * transports (it cost OkHttp about 40 ms per call on a 10 kB body).
 *
 * <p>As with the other transports, the client never sends a request again on its own (a retried
 * POST is a billed call; the retry decorator decides), follows no redirect, and asks for no
 * compressed answer. The reactor watches idle pooled connections and drops one the server
 * closes, but a close that arrives as the connection is lent again reaches the request first.
 * When Apache finds the connection closed before it has written the request
 * ({@link RequestNotExecutedException}), the request goes out on another connection, at most
 * {@value #MAX_STALE} times: nothing was sent, so this is no retry. A close that crosses a request
 * already written fails the call as a reset does ({@code CONNECTION}), which the retry decorator
 * retries and counts: the transport cannot tell a server that closed an idle connection from one
 * that read the request and then went away. Against a server that closes each connection after
 * its answer ({@code StaleConnectionRun}, 2,000 calls one after another) 324 and 535 calls
 * failed so in two runs, and 36 and 35 when each call waited for the server's close.
 *
 * <p><b>Cancelling closes the connection, whatever Apache's own cancel does.</b> Apache 5.6.5
 * cancels an exchange through the dependency its future holds, and each step of its chain
 * (lease, connect, send) sets that dependency when the step's call returns. A step that completes
 * at once, or on a reactor thread before the call that started it returns (a pooled connection; a
 * loopback connect), lets an earlier step's spent dependency overwrite the sending step's. The
 * cancel then reaches nothing, and the connection stays open with the server still working on a
 * request nobody waits for: cancelled right after the server had read the request
 * ({@code CancelCloseRun}), 2 of 20 new connections stayed open, and all 20 pooled ones. So a step
 * of this transport's own runs just before the request is sent ({@link ApacheAttempt#BIND}): it
 * hands the attempt Apache's runtime for the exchange, and a cancel (or the deadline below)
 * discards that runtime's connection, which closes it at once (0 of 500 left open, new or
 * pooled). A cancel that comes first stops the request before it is written. Closing the
 * connection ends only the cancelled call because the client speaks HTTP/1.1 alone, also over
 * TLS: on HTTP/2 it would end every call multiplexed on that connection.
 *
 * <p>The same step hands an answer over only once Apache has given its connection back to the
 * pool. Apache reports the answer first, and a caller that sent its next request on that answer
 * could find the pool empty and open another connection. An exchange that does not end (a
 * server that answered before it read the whole request, and reads no more) holds its answer
 * back {@value ApacheAttempt#LATE_END_MS} ms at most.
 *
 * <p>Apache's own timeouts count socket inactivity, not a whole exchange, so the deadline of each
 * call is a task on one shared timer thread ({@code augcon-nio-timeout}): when it fires the call
 * fails with {@link HttpTimeoutException} and its connection is closed, as cancelling the returned
 * future does.
 *
 * <p>The reactor threads only read an answer into a {@link String}; the returned future is
 * completed on another thread ({@code augcon-nio-answer-N}). What a caller chains on that future
 * runs there: JSON parsing, and the decorators around the backend, which may block (a user's
 * decorator, or an answer store ({@code io.augcon.core.llm.AnswerStore}) without a writer of its
 * own, that stores each answer before it hands it on; the SQLite store commits on its own
 * thread, and the engine builds and sends its next requests on a thread of the run's). On a
 * reactor thread such a wait would stall every connection that thread serves. These threads are
 * made as they are needed at once, up to {@value #MAX_ANSWER_THREADS}, and end after {@value #THREAD_KEEP_ALIVE_S}
 * s without work; when all are busy the reactor thread completes the answer itself rather than
 * start another. Without that cap a run at 256 in flight on a loaded 2-core machine
 * ({@code UtilizationRun}, load average about 10) started up to 61 threads, as answer threads
 * that were not scheduled in time looked busy. Completing every answer on the reactor thread
 * instead cost about 0.05 ms less CPU per call in {@code TransportCpuRun} (256 in flight), but
 * put the answer cache's SQLite commits on the reactor. All threads are daemons.
 */
final class ApacheAsyncTransport implements Transport {
    /** The most I/O reactor threads; one per core below that. */
    static final int MAX_IO_THREADS = 4;
    private static final int MAX_CONNECTIONS = 1 << 16;
    /** The most threads that complete answers at once; beyond, the reactor thread completes one itself. */
    static final int MAX_ANSWER_THREADS = 16;
    private static final int THREAD_KEEP_ALIVE_S = 30;
    private static final ContentType JSON = ContentType.create("application/json");
    /** How many closed pooled connections one request may meet before its failure is reported. */
    private static final int MAX_STALE = 8;

    private final RequestConfig config;
    private final Header[] headers;

    /**
     * @param connect the connect timeout
     * @param headers sent with every request
     */
    ApacheAsyncTransport(Duration connect, Map<String, String> headers) {
        this.config = config(connect);
        this.headers = headers.entrySet().stream().map(e -> new BasicHeader(e.getKey(), e.getValue())).toArray(Header[]::new);
    }

    @SuppressWarnings("deprecation") // the connect timeout per request, rather than one for the shared pool
    private static RequestConfig config(Duration connect) {
        return RequestConfig.custom()
                .setConnectTimeout(Timeout.of(connect))
                // no response timeout: each call's deadline is the whole-exchange timer's
                .setRedirectsEnabled(false)
                .setContentCompressionEnabled(false)
                .build();
    }

    /** The JVM's one reactor, pool, timer and completing threads, made on first use. */
    private static final class Shared {
        static final CloseableHttpAsyncClient CLIENT = client();
        static final ScheduledThreadPoolExecutor DEADLINES = deadlines();
        static final Executor ANSWERS = answers();

        private static CloseableHttpAsyncClient client() {
            CloseableHttpAsyncClient client = HttpAsyncClients.custom()
                    .setIOReactorConfig(IOReactorConfig.custom()
                            .setIoThreadCount(Math.min(MAX_IO_THREADS, Runtime.getRuntime().availableProcessors()))
                            .setTcpNoDelay(true)
                            .build())
                    .setThreadFactory(DaemonThreads.numbered("augcon-nio-"))
                    .addExecInterceptorBefore(ChainElement.MAIN_TRANSPORT.name(), "augcon-bind", ApacheAttempt.BIND)
                    .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                            // a cancel closes its connection, which on HTTP/2 would end every call on it
                            .setDefaultTlsConfig(TlsConfig.custom().setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1).build())
                            .setMaxConnTotal(MAX_CONNECTIONS)
                            .setMaxConnPerRoute(MAX_CONNECTIONS)
                            .build())
                    .disableAutomaticRetries()
                    .disableRedirectHandling()
                    .disableContentCompression()
                    .disableCookieManagement()
                    .disableAuthCaching()
                    .disableConnectionState()
                    .build();
            client.start();
            return client;
        }

        private static ScheduledThreadPoolExecutor deadlines() {
            ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("augcon-nio-timeout"));
            // most calls end before their deadline: their tasks leave the queue at once, not minutes later
            timer.setRemoveOnCancelPolicy(true);
            return timer;
        }

        private static Executor answers() {
            return new ThreadPoolExecutor(0, MAX_ANSWER_THREADS, THREAD_KEEP_ALIVE_S, TimeUnit.SECONDS, new SynchronousQueue<>(),
                    DaemonThreads.numbered("augcon-nio-answer-"),
                    // all busy: the thread handing the answer over completes it itself
                    new ThreadPoolExecutor.CallerRunsPolicy());
        }
    }

    @Override
    public HttpTransport kind() {
        return HttpTransport.APACHE_ASYNC;
    }

    @Override
    public CompletableFuture<HttpAnswer> exchange(String method, URI uri, byte[] json, Duration timeout) {
        SimpleHttpRequest request;
        try {
            SimpleRequestBuilder b = SimpleRequestBuilder.create(method).setUri(uri);
            for (Header h : headers) {
                b.addHeader(h);
            }
            b.setHeader("Accept", "application/json");
            if (json != null) {
                b.setBody(json, JSON);
            }
            request = b.build();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return new Exchange(request, timeout).send();
    }

    /** One call: its result, its deadline, and the answer or failure handed over from the reactor. */
    private final class Exchange implements FutureCallback<SimpleHttpResponse> {
        private final CompletableFuture<HttpAnswer> result = new CompletableFuture<>();
        private final SimpleHttpRequest request;
        private final Duration timeout;
        /** The attempt in flight: a new one after each pooled connection found closed. */
        private final AtomicReference<ApacheAttempt> attempt = new AtomicReference<>();
        private int stale;
        /**
         * Set by the first outcome (the answer, a failure, the deadline), which alone is handed to
         * a completing thread: a later one, such as the cancellation the deadline causes, cannot
         * overtake it there.
         */
        private final AtomicBoolean settled = new AtomicBoolean();

        Exchange(SimpleHttpRequest request, Duration timeout) {
            this.request = request;
            this.timeout = timeout;
        }

        /** Sends the request, its deadline set; cancelling the result cancels the exchange. */
        CompletableFuture<HttpAnswer> send() {
            ScheduledFuture<?> deadline;
            try {
                deadline = Shared.DEADLINES.schedule(this::expire, timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
            result.whenComplete((r, e) -> {
                deadline.cancel(false);
                if (result.isCancelled()) {
                    cancelAttempt();
                }
            });
            try {
                attempt();
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
            return result;
        }

        private void attempt() {
            ApacheAttempt next = new ApacheAttempt(Shared.DEADLINES);
            // set before the check below, which a cancel that misses this attempt cannot pass, and
            // before Apache can call back: a failure there may start the attempt after this one
            attempt.set(next);
            if (settled.get() || result.isDone()) {
                return; // cancelled or timed out already: nothing is sent
            }
            HttpClientContext context = HttpClientContext.create();
            context.setRequestConfig(config);
            next.attachTo(context);
            next.started(Shared.CLIENT.execute(request, context, this));
        }

        private void cancelAttempt() {
            ApacheAttempt current = attempt.get();
            if (current != null) {
                current.cancel();
            }
        }

        /** The deadline passed: unless the call has an outcome already, it fails as a timeout and its connection is closed. */
        private void expire() {
            HttpTimeoutException timedOut = new HttpTimeoutException("no answer within " + timeout);
            if (settle(() -> result.completeExceptionally(timedOut))) {
                cancelAttempt();
            }
        }

        /** On a reactor thread: the body decoded, the rest handed to a completing thread. */
        @Override
        public void completed(SimpleHttpResponse response) {
            HttpAnswer answer;
            try {
                answer = new HttpAnswer(response.getCode(), name -> Optional.ofNullable(response.getFirstHeader(name)).map(Header::getValue),
                        body(response));
            } catch (RuntimeException e) {
                fail(e);
                return;
            }
            // the attempt that answered: a later one is made only after this one failed
            attempt.get().answered(() -> settle(() -> result.complete(answer)));
        }

        @Override
        public void failed(Exception e) {
            if (e instanceof RequestNotExecutedException && ++stale <= MAX_STALE && !settled.get() && !result.isDone()) {
                // the connection was found closed before anything was written on it: no retry
                try {
                    attempt();
                    return;
                } catch (RuntimeException again) {
                    e.addSuppressed(again);
                }
            }
            // Apache reports its connect and socket timeouts as InterruptedIOExceptions, as OkHttp does
            if (e instanceof InterruptedIOException) {
                HttpTimeoutException timedOut = new HttpTimeoutException("no answer within " + timeout);
                timedOut.initCause(e);
                fail(timedOut);
            } else {
                fail(e);
            }
        }

        /** Cancelled through the result, or by the deadline: the result is already settled. */
        @Override
        public void cancelled() {
            fail(new CancellationException("the exchange was cancelled"));
        }

        private void fail(Exception e) {
            settle(() -> result.completeExceptionally(e));
        }

        /** @return whether this was the call's first outcome, now handed to a completing thread */
        private boolean settle(Runnable completion) {
            if (settled.compareAndSet(false, true) && !result.isDone()) {
                Shared.ANSWERS.execute(completion);
                return true;
            }
            return false;
        }
    }

    /** The body as text, in the charset the answer names, else UTF-8 (JSON's). */
    private static String body(SimpleHttpResponse response) {
        byte[] bytes = response.getBodyBytes();
        if (bytes == null) {
            return "";
        }
        ContentType type = response.getContentType();
        Charset charset = type == null || type.getCharset() == null ? StandardCharsets.UTF_8 : type.getCharset();
        return new String(bytes, charset);
    }
}
