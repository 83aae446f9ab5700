package io.augcon.llm.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChainHandler;
import org.apache.hc.client5.http.async.AsyncExecRuntime;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncDataConsumer;

/**
 * One request {@link ApacheAsyncTransport} sent for a call, and the step of Apache's chain
 * ({@link #BIND}) that ties it to the connection Apache lent it. Apache's own cancel can miss the
 * exchange (see the transport's description); an attempt bound here closes the connection itself
 * when it is cancelled, whichever comes first, the bind or the cancel. It also holds its answer
 * until Apache has ended the exchange, so that a call sent on that answer finds the connection
 * back in the pool.
 */
final class ApacheAttempt {
    /** How long an answer waits for Apache to end its exchange before it is handed over anyway. */
    static final long LATE_END_MS = 1000;
    /** The context attribute under which {@link #BIND} finds the attempt a request belongs to. */
    private static final String CONTEXT_KEY = "io.augcon.llm.http.attempt";

    /**
     * The last step of Apache's chain before the request is sent, added to the transport's client
     * with {@code addExecInterceptorBefore(MAIN_TRANSPORT)}: it binds the request's attempt to the
     * runtime that holds its connection, and does not send a request whose attempt was cancelled
     * already. A request with no attempt goes on untouched.
     */
    static final AsyncExecChainHandler BIND = (request, entity, scope, chain, callback) -> {
        Object attempt = scope.clientContext.getAttribute(CONTEXT_KEY);
        if (!(attempt instanceof ApacheAttempt)) {
            chain.proceed(request, entity, scope, callback);
            return;
        }
        ApacheAttempt bound = (ApacheAttempt) attempt;
        if (!bound.bind(scope.execRuntime)) {
            callback.failed(new InterruptedIOException("cancelled before the request was sent"));
            return;
        }
        try {
            chain.proceed(request, entity, scope, bound.ending(callback));
        } catch (IllegalStateException e) {
            if (!bound.cancelled) {
                throw e;
            }
            // cancelled between the bind and the send: the runtime no longer holds a connection
            callback.failed(new InterruptedIOException("cancelled before the request was sent"));
        }
    };

    private final ScheduledExecutorService timer;
    private final AtomicReference<AsyncExecRuntime> runtime = new AtomicReference<>();
    private volatile Future<SimpleHttpResponse> future;
    private volatile boolean cancelled;
    /** The two events an answer waits for: itself, and the end of the exchange. */
    private final AtomicInteger toHandOver = new AtomicInteger(2);
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Runnable handOver;
    private volatile ScheduledFuture<?> late;

    /** @param timer runs the hand-over of an answer whose exchange does not end */
    ApacheAttempt(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** Marks {@code context}'s request as this attempt's, for {@link #BIND}. */
    void attachTo(HttpClientContext context) {
        context.setAttribute(CONTEXT_KEY, this);
    }

    /** Set once Apache has accepted the request; cancelled at once if the attempt already is. */
    void started(Future<SimpleHttpResponse> started) {
        future = started;
        if (cancelled) {
            started.cancel(true);
        }
    }

    /** Cancels Apache's future and closes the connection (a no-op once the exchange has given it back). */
    void cancel() {
        cancelled = true;
        Future<SimpleHttpResponse> started = future;
        if (started != null) {
            started.cancel(true);
        }
        AsyncExecRuntime execRuntime = runtime.get();
        if (execRuntime != null) {
            execRuntime.discardEndpoint();
        }
    }

    /**
     * The answer is read: it is handed over once the exchange has ended too. Apache reports the
     * answer before it gives the connection back to its pool, and a caller that sent its next
     * request on that answer found the pool empty and opened another connection. The end normally
     * follows at once, on the same reactor thread; one that has not come within
     * {@value #LATE_END_MS} ms (a server that answered before it read the whole request, and reads
     * no more) is not waited for.
     */
    void answered(Runnable handOverAnswer) {
        handOver = handOverAnswer;
        if (toHandOver.decrementAndGet() == 0) {
            handOverAnswer.run();
            return;
        }
        ScheduledFuture<?> scheduled;
        try {
            scheduled = timer.schedule(this::ended, LATE_END_MS, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            ended(); // no timer: hand the answer over now
            return;
        }
        late = scheduled;
        if (ended.get()) {
            scheduled.cancel(false);
        }
    }

    /** Apache's exchange has ended, its connection given back to the pool or closed (or its end is late). */
    private void ended() {
        if (ended.compareAndSet(false, true) && toHandOver.decrementAndGet() == 0) {
            ScheduledFuture<?> scheduled = late;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
            handOver.run();
        }
    }

    /** @return false if the attempt was cancelled already: its connection is discarded */
    private boolean bind(AsyncExecRuntime execRuntime) {
        runtime.set(execRuntime);
        if (cancelled) {
            execRuntime.discardEndpoint();
            return false;
        }
        return true;
    }

    /** {@code callback}, telling this attempt when the exchange has ended. */
    private AsyncExecCallback ending(AsyncExecCallback callback) {
        return new AsyncExecCallback() {
            @Override
            public AsyncDataConsumer handleResponse(HttpResponse response, EntityDetails details) throws HttpException, IOException {
                return callback.handleResponse(response, details);
            }

            @Override
            public void handleInformationResponse(HttpResponse response) throws HttpException, IOException {
                callback.handleInformationResponse(response);
            }

            @Override
            public void completed() {
                try {
                    callback.completed(); // gives the connection back to the pool
                } finally {
                    ended();
                }
            }

            @Override
            public void failed(Exception cause) {
                try {
                    callback.failed(cause);
                } finally {
                    ended();
                }
            }
        };
    }
}
