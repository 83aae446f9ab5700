package io.augcon.llm.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.augcon.llm.http.HttpTransport;
import io.augcon.llm.http.JsonHttpClient;
import io.augcon.testkit.BenchArgs;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How often a cancelled call leaves its connection open (issue 17, the Apache transport's
 * defect): a server that reads each request and never answers, a call cancelled as soon as the
 * server has read it (on a new connection: each cancel has a server of its own), and the time
 * until the server sees the connection closed. Prints how many closes took over a second, and
 * the slowest.
 * Not a test:
 *
 * <pre>java -Xmx512m -cp (test classpath) io.augcon.llm.bench.CancelCloseRun --transport apache_async --cancels 200 --timeout-s 5</pre>
 */
public final class CancelCloseRun {
    private CancelCloseRun() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchArgs.pairs(args);
        HttpTransport transport = HttpTransport.valueOf(options.getOrDefault("transport", "apache_async").toUpperCase(Locale.ROOT));
        int cancels = Integer.parseInt(options.getOrDefault("cancels", "200"));
        Duration timeout = Duration.ofSeconds(Long.parseLong(options.getOrDefault("timeout-s", "5")));
        ObjectMapper json = new ObjectMapper();
        long slowest = 0;
        int slow = 0;
        int open = 0;
        for (int i = 0; i < cancels; i++) {
            try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                CompletableFuture<Void> read = new CompletableFuture<>();
                CompletableFuture<Long> closed = new CompletableFuture<>();
                Thread server = new Thread(() -> serve(socket, read, closed), "cancel-close-server");
                server.setDaemon(true);
                server.start();
                JsonHttpClient http = JsonHttpClient.builder()
                        .endpoint("http://127.0.0.1:" + socket.getLocalPort() + "/v1", "/chat/completions")
                        .transport(transport).timeout(timeout).build();
                CompletableFuture<?> call = http.post(json.createObjectNode().put("model", "cancelled"));
                read.get(10, TimeUnit.SECONDS);
                long cancelled = System.nanoTime();
                call.cancel(true);
                try {
                    long ms = (closed.get(timeout.toSeconds() + 10, TimeUnit.SECONDS) - cancelled) / 1_000_000;
                    slowest = Math.max(slowest, ms);
                    slow += ms > 1000 ? 1 : 0;
                } catch (TimeoutException e) {
                    open++;
                }
            }
        }
        System.out.printf(Locale.ROOT, "%s, %d cancels, timeout %s: closed after more than 1 s %d,"
                + " still open %d s after the timeout %d, slowest close %d ms%n", transport, cancels, timeout, slow, 10, open, slowest);
        System.exit(0);
    }

    /** Reads one request and never answers it: reads until the client closes. */
    private static void serve(ServerSocket socket, CompletableFuture<Void> read, CompletableFuture<Long> closed) {
        try (Socket s = socket.accept()) {
            InputStream in = s.getInputStream();
            byte[] buffer = new byte[8192];
            in.read(buffer);
            read.complete(null);
            while (in.read(buffer) >= 0) {
                // never answer: read until the client closes
            }
            closed.complete(System.nanoTime());
        } catch (IOException e) {
            closed.complete(System.nanoTime());
        }
    }
}
