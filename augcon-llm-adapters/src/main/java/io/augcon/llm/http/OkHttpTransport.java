package io.augcon.llm.http;

import io.augcon.api.internal.DaemonThreads;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Connection;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
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
 *
 * <p>A pooled connection the server has closed while it sat idle (a server's idle timeout, or its
 * cap on idle connections) is another matter: nothing was sent on it, so sending elsewhere is no
 * retry. The JDK client notices such closes as they happen; OkHttp checks an idle connection only
 * after 10 s of idleness, so a connection closed just after its last answer was taken again, and
 * the request failed (55 of 256 requests of a second wave against the test kit's server, whose
 * JDK HTTP server keeps at most 200 idle connections). Here a reused connection is checked for the
 * server's close before the request is written ({@link #checkReused}); a closed one is dropped and
 * the request goes out on another, at most {@value #MAX_STALE} times. A close that crosses the
 * request on the wire (the check passed, then the connection ended before any answer) is still a
 * {@link io.augcon.api.LlmException.Kind#CONNECTION CONNECTION} failure, as a reset is: the server
 * may have read the request, and only the retry decorator may send it again. In the second and
 * third waves of 256 requests, none met such a close in two runs on an idle machine, and 3 of 512
 * in a run beside other tests; the JDK client met none.
 */
final class OkHttpTransport implements Transport {
    private static final int IDLE_CONNECTIONS = 1024;
    private static final int THREAD_KEEP_ALIVE_S = 30;
    private static final MediaType JSON = MediaType.get("application/json");
    /** How many closed pooled connections one request may meet before its failure is reported. */
    private static final int MAX_STALE = 8;

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
            ExecutorService threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, THREAD_KEEP_ALIVE_S, TimeUnit.SECONDS,
                    new SynchronousQueue<>(), DaemonThreads.numbered("augcon-okhttp-"));
            Dispatcher dispatcher = new Dispatcher(threads);
            dispatcher.setMaxRequests(Integer.MAX_VALUE);
            dispatcher.setMaxRequestsPerHost(Integer.MAX_VALUE);
            return new OkHttpClient.Builder()
                    .addNetworkInterceptor(OkHttpTransport::checkReused)
                    .dispatcher(dispatcher)
                    .socketFactory(new NoDelaySockets())
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

    /**
     * Plain sockets with Nagle's algorithm off, as the JDK client opens them. OkHttp leaves it on,
     * so the last part of a request body over 8 kB waited for the server's delayed ACK of the
     * first: 1,040 calls/s against 2,900 for the JDK client in {@code TransportCpuRun} (10 kB
     * prompt, 64 in flight, 20 ms each), about 40 ms more per call.
     */
    private static final class NoDelaySockets extends SocketFactory {
        private static final SocketFactory PLAIN = SocketFactory.getDefault();

        @Override
        public Socket createSocket() throws IOException {
            return noDelay(PLAIN.createSocket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(PLAIN.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(PLAIN.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(PLAIN.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return noDelay(PLAIN.createSocket(address, port, localAddress, localPort));
        }

        private static Socket noDelay(Socket socket) throws IOException {
            socket.setTcpNoDelay(true);
            return socket;
        }
    }

    /** Connections that have carried an exchange: a connection met again here is a reused one. */
    private static final Set<Connection> USED = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    /**
     * Proceeds, unless the connection is a reused one that the server has closed (or that holds
     * bytes nobody asked for): then it is closed, so the pool drops it, and the request fails
     * unsent with {@link StaleConnection}.
     */
    private static okhttp3.Response checkReused(Interceptor.Chain chain) throws IOException {
        Connection connection = chain.connection();
        // HTTP/2 connections are shared by concurrent streams and read by OkHttp's own reader,
        // which handles a server's GOAWAY: only an HTTP/1.1 connection is idle between requests.
        if (connection != null && connection.protocol() == Protocol.HTTP_1_1 && !USED.add(connection)
                && !isOpen(connection.socket())) {
            connection.socket().close();
            throw new StaleConnection();
        }
        return chain.proceed(chain.request());
    }

    /** True when nothing can be read from the idle {@code socket} within 1 ms: no close, no stray bytes. */
    private static boolean isOpen(Socket socket) throws IOException {
        int timeout = socket.getSoTimeout();
        try {
            socket.setSoTimeout(1);
            socket.getInputStream().read();
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(timeout);
            }
        }
    }

    /** A pooled connection found closed before the request was written on it. */
    private static final class StaleConnection extends IOException {
        private static final long serialVersionUID = 1L;

        StaleConnection() {
            super("the server closed a pooled connection before the request was sent");
        }

        /** No stack trace: it is expected, and handled by sending again. */
        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    @Override
    public HttpTransport kind() {
        return HttpTransport.OKHTTP;
    }

    @Override
    public CompletableFuture<HttpAnswer> exchange(String method, URI uri, byte[] json, Duration timeout) {
        Request request;
        try {
            request = new Request.Builder()
                    .url(HttpUrl.get(uri.toString()))
                    .headers(headers)
                    .method(method, json == null ? null : RequestBody.create(json, JSON))
                    .build();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<HttpAnswer> result = new CompletableFuture<>();
        new Answer(request, result, timeout, System.nanoTime() + timeout.toNanos()).send();
        return result;
    }

    /** Sends a request and completes {@code result} from OkHttp's callback, the answer read in full. */
    private final class Answer implements Callback {
        private final Request request;
        private final CompletableFuture<HttpAnswer> result;
        private final Duration timeout;
        private final long deadline;
        private int stale;

        Answer(Request request, CompletableFuture<HttpAnswer> result, Duration timeout, long deadline) {
            this.request = request;
            this.result = result;
            this.timeout = timeout;
            this.deadline = deadline;
        }

        /** Enqueues the request, within what is left of the timeout; cancelling the result cancels it. */
        void send() {
            Call call;
            try {
                call = client.newCall(request);
                call.timeout().timeout(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
            result.whenComplete((r, e) -> {
                if (result.isCancelled()) {
                    call.cancel();
                }
            });
            call.enqueue(this);
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
            if (e instanceof StaleConnection && ++stale <= MAX_STALE && !result.isDone()) {
                send();
                return;
            }
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
