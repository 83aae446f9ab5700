package io.augcon.testkit;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.augcon.api.internal.DaemonThreads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import javax.net.ssl.SSLContext;

/**
 * The JDK HTTP server under a {@link LoopbackOpenAiServer}: {@code 127.0.0.1} on an ephemeral
 * port, plain or TLS, a listen backlog as configured (128 by default), and a fixed pool of daemon
 * threads that read requests and call the routes. It is apart from the server's public API so that binding and stopping the JDK server,
 * and its threads, sit in one place.
 */
final class LoopbackListener {
    private final HttpServer server;
    private final ExecutorService executor;

    private LoopbackListener(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds with a listen queue of {@code backlog} connections and starts serving {@code routes}
     * on {@code threads} threads, over TLS with {@code tls}'s key when it is not {@code null}.
     *
     * @throws UncheckedIOException when the port cannot be bound
     */
    static LoopbackListener open(int threads, int backlog, SSLContext tls, HttpHandler routes) {
        HttpServer s;
        try {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            if (tls == null) {
                s = HttpServer.create(address, backlog);
            } else {
                HttpsServer https = HttpsServer.create(address, backlog);
                https.setHttpsConfigurator(new HttpsConfigurator(tls));
                s = https;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a loopback port", e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(threads, daemonThreads());
        s.setExecutor(executor);
        s.createContext("/", routes);
        s.start();
        return new LoopbackListener(s, executor);
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>}, or {@code https://} over TLS. */
    String root() {
        return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + port();
    }

    /** Stops at once: open connections are closed and the threads interrupted. */
    void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Daemon threads named {@code loopback-openai-N}, so a test that forgets to close exits anyway. */
    static ThreadFactory daemonThreads() {
        return DaemonThreads.numbered("loopback-openai-");
    }
}
