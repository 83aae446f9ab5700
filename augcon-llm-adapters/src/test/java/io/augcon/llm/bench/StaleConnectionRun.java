package io.augcon.llm.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.augcon.llm.http.HttpTransport;
import io.augcon.llm.http.JsonHttpClient;
import io.augcon.testkit.BenchArgs;
import io.augcon.testkit.RawHttp;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How many calls fail on a pooled connection the server has closed (issue 17, the Apache
 * transport): a server that answers one request on each connection and closes it without saying
 * {@code Connection: close}, and calls made one after another, each as soon as the last answer is
 * in, or with {@code --wait-for-close true} once the server has closed the last connection. A
 * client that pools the connection meets the close; one that does not fail costs nothing. Prints
 * the failed calls. Not a test:
 *
 * <pre>java -Xmx512m -cp (test classpath) io.augcon.llm.bench.StaleConnectionRun --transport apache_async --calls 2000 --wait-for-close false</pre>
 */
public final class StaleConnectionRun {
    private StaleConnectionRun() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchArgs.pairs(args);
        HttpTransport transport = UtilizationRun.transport(options);
        int calls = Integer.parseInt(options.getOrDefault("calls", "2000"));
        boolean waitForClose = Boolean.parseBoolean(options.getOrDefault("wait-for-close", "false"));
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            BlockingQueue<Boolean> closes = new LinkedBlockingQueue<>();
            RawHttp.answerOncePerConnection(socket, "{\"id\":\"answer\"}", () -> closes.add(true));
            JsonHttpClient http = JsonHttpClient.builder().endpoint("http://127.0.0.1:" + socket.getLocalPort() + "/v1", "/chat/completions")
                    .transport(transport).timeout(Duration.ofSeconds(10)).build();
            ObjectMapper json = new ObjectMapper();
            int failed = 0;
            for (int i = 0; i < calls; i++) {
                try {
                    http.post(json.createObjectNode().put("call", i)).get(15, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    failed++;
                }
                if (waitForClose) {
                    closes.poll(10, TimeUnit.SECONDS);
                }
            }
            System.out.printf(Locale.ROOT, "%s, %d calls%s: %d failed%n", transport, calls,
                    waitForClose ? ", each once the server had closed the last connection" : "", failed);
        }
        System.exit(0);
    }
}
