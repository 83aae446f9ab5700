package io.augcon.llm.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.augcon.llm.http.HttpTransport;
import io.augcon.llm.http.JsonHttpClient;
import io.augcon.testkit.BenchArgs;
import io.augcon.testkit.RawHttp;
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
 * How often a cancelled call leaves its connection open (issue 17; Apache HttpClient's own cancel
 * missed some): a server that reads a request and never answers, a call cancelled as soon as the
 * server has read it, and the time until the server sees the connection closed. Each cancel has a
 * server of its own. The request goes out on a new connection, or with {@code --pooled true} on a
 * pooled one: the server answers a first request on the connection, keeps it open, and then holds
 * the second. Prints how many closes took over a second, and the slowest.
 * Not a test:
 *
 * <pre>java -Xmx512m -cp (test classpath) io.augcon.llm.bench.CancelCloseRun --transport apache_async --cancels 200 --timeout-s 5 --pooled false</pre>
 */
public final class CancelCloseRun {
    private CancelCloseRun() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchArgs.pairs(args);
        HttpTransport transport = UtilizationRun.transport(options);
        int cancels = Integer.parseInt(options.getOrDefault("cancels", "200"));
        Duration timeout = Duration.ofSeconds(Long.parseLong(options.getOrDefault("timeout-s", "5")));
        boolean pooled = Boolean.parseBoolean(options.getOrDefault("pooled", "false"));
        ObjectMapper json = new ObjectMapper();
        long slowest = 0;
        int slow = 0;
        int open = 0;
        for (int i = 0; i < cancels; i++) {
            try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                CompletableFuture<Void> read = new CompletableFuture<>();
                CompletableFuture<Long> closed = new CompletableFuture<>();
                Thread server = new Thread(() -> serve(socket, pooled, read, closed), "cancel-close-server");
                server.setDaemon(true);
                server.start();
                JsonHttpClient http = JsonHttpClient.builder()
                        .endpoint("http://127.0.0.1:" + socket.getLocalPort() + "/v1", "/chat/completions")
                        .transport(transport).timeout(timeout).build();
                if (pooled) {
                    http.post(json.createObjectNode().put("model", "answered")).get(10, TimeUnit.SECONDS);
                }
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
        System.out.printf(Locale.ROOT, "%s, %d cancels on %s connections, timeout %s: closed after more than 1 s %d,"
                + " still open %d s after the timeout %d, slowest close %d ms%n",
                transport, cancels, pooled ? "pooled" : "new", timeout, slow, 10, open, slowest);
        System.exit(0);
    }

    /** Answers a first request if {@code pooled}, then reads one and never answers it: reads until the client closes. */
    private static void serve(ServerSocket socket, boolean pooled, CompletableFuture<Void> read, CompletableFuture<Long> closed) {
        try (Socket s = socket.accept()) {
            InputStream in = s.getInputStream();
            if (pooled) {
                RawHttp.readRequest(in);
                RawHttp.answerJson(s.getOutputStream(), "{\"id\":\"answered\"}");
            }
            RawHttp.readRequest(in);
            read.complete(null);
            byte[] buffer = new byte[8192];
            while (in.read(buffer) >= 0) {
                // never answer: read until the client closes
            }
            closed.complete(System.nanoTime());
        } catch (IOException e) {
            closed.complete(System.nanoTime());
        }
    }
}
