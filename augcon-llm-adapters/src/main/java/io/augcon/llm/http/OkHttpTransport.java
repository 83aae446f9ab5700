package io.augcon.llm.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * {@link HttpTransport#OKHTTP}: OkHttp 4's asynchronous {@code enqueue}. Every transport of the
 * JVM shares one dispatcher and one connection pool, so runs and backends reuse threads and
 * connections; each transport only sets its connect timeout and headers on top.
 *
 * <p>The dispatcher's defaults would hold back requests: at most 64 in flight and 5 per host,
 * the rest queued inside OkHttp where no timeout counts yet. Here neither caps anything (the
 * engine's concurrency and the resilience decorators bound the calls in flight), and the pool
 * keeps up to {@value #IDLE_CONNECTIONS} idle connections, enough for a server with hundreds of
 * slots. The dispatcher's threads are daemons, named {@code augcon-okhttp-N}, and end after
 * {@value #THREAD_KEEP_ALIVE_S} s without work.
 *
 * <p>OkHttp's own retries stay off: a request that meets a reset connection fails as
 * {@link io.augcon.api.LlmException.Kind#CONNECTION CONNECTION}, as with the JDK client, and the
 * retry decorator decides whether to send it again (OkHttp would resend a POST silently, and a
 * retried call is a billed call). Redirects are not followed, as with the JDK client.
 */
final class OkHttpTransport implements Transport {
    private static final int IDLE_CONNECTIONS = 1024;
    private static final int THREAD_KEEP_ALIVE_S = 30;
    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient client;
    private final Headers headers;

    /**
     * @param connect the connect timeout
     * @param headers sent with every request (values may be any text the builder accepts)
     */
    OkHttpTransport(Duration connect, Map<String, String> headers) {
        this.client = Shared.CLIENT.newBuilder().connectTimeout(connect).build();
        Headers.Builder h = new Headers.Builder();
        headers.forEach(h::addUnsafeNonAscii);
        h.set("Accept", "application/json");
        this.headers = h.build();
    }

    /** The JVM's one dispatcher and connection pool, made on first use. */
    private static final class Shared {
        static final OkHttpClient CLIENT = client();

        private static OkHttpClient client() {
            AtomicInteger number = new AtomicInteger();
            ExecutorService threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, THREAD_KEEP_ALIVE_S, TimeUnit.SECONDS,
                    new SynchronousQueue<>(), task -> {
                        Thread t = new Thread(task, "augcon-okhttp-" + number.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            Dispatcher dispatcher = new Dispatcher(threads);
            dispatcher.setMaxRequests(Integer.MAX_VALUE);
            dispatcher.setMaxRequestsPerHost(Integer.MAX_VALUE);
            return new OkHttpClient.Builder()
                    .dispatcher(dispatcher)
                    .connectionPool(new ConnectionPool(IDLE_CONNECTIONS, 5, TimeUnit.MINUTES))
                    // the call timeout, set per call, bounds the whole exchange as the JDK's request timeout does
                    .readTimeout(Duration.ZERO)
                    .writeTimeout(Duration.ZERO)
                    .retryOnConnectionFailure(false)
                    .followRedirects(false)
                    .followSslRedirects(false)
                    .build();
        }
    }

    @Override
    public HttpTransport kind() {
        return HttpTransport.OKHTTP;
    }

    @Override
    public CompletableFuture<HttpAnswer> exchange(String method, URI uri, byte[] json, Duration timeout) {
        Call call;
        try {
            Request request = new Request.Builder()
                    .url(HttpUrl.get(uri.toString()))
                    .headers(headers)
                    .method(method, json == null ? null : RequestBody.create(json, JSON))
                    .build();
            call = client.newCall(request);
            call.timeout().timeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<HttpAnswer> result = new CompletableFuture<>();
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                call.cancel();
            }
        });
        call.enqueue(new Answer(result, timeout));
        return result;
    }

    /** Completes {@code result} from OkHttp's callback, the answer read in full. */
    private static final class Answer implements Callback {
        private final CompletableFuture<HttpAnswer> result;
        private final Duration timeout;

        Answer(CompletableFuture<HttpAnswer> result, Duration timeout) {
            this.result = result;
            this.timeout = timeout;
        }

        @Override
        public void onResponse(Call call, Response response) {
            try (response) {
                ResponseBody body = response.body();
                String text = body == null ? "" : body.string();
                Headers headers = response.headers();
                result.complete(new HttpAnswer(response.code(), name -> Optional.ofNullable(headers.get(name)), text));
            } catch (IOException e) {
                onFailure(call, e);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }

        @Override
        public void onFailure(Call call, IOException e) {
            // OkHttp reports its call timeout (and a connect timeout) as an InterruptedIOException;
            // a call cancelled through the result fails with a plain IOException, unread.
            if (e instanceof InterruptedIOException) {
                HttpTimeoutException timedOut = new HttpTimeoutException("no answer within " + timeout);
                timedOut.initCause(e);
                result.completeExceptionally(timedOut);
            } else {
                result.completeExceptionally(e);
            }
        }
    }
}
