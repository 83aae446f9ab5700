package io.augcon.llm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.augcon.llm.http.HttpTransport;
import io.augcon.llm.http.JsonHttpClient;
import io.augcon.testkit.BenchArgs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Client CPU per HTTP call of the transports, to decide by measuring whether the JDK client is
 * the right one (issue 17): the JDK client's {@code sendAsync} (as the adapters used it before),
 * {@link JsonHttpClient} with {@link HttpTransport#JDK} (the JDK client's blocking send on its own
 * threads), with {@link HttpTransport#OKHTTP} and with its default {@link HttpTransport#APACHE_ASYNC},
 * and OkHttp 4's bare {@code enqueue}. Each posts the same OpenAI chat request (a 10 kB prompt) to the
 * loopback server with service slots in a JVM of its own and parses the answer's JSON; only this
 * JVM's CPU is counted. One transport per JVM
 * ({@code --transport jdk-async|jsonhttpclient|jsonhttpclient-okhttp|jsonhttpclient-apache|okhttp}),
 * {@code --rounds} rounds (6) of {@code --calls} calls (4000) with {@code --in-flight} (64) at
 * once; the first rounds warm the JIT. Not a test:
 *
 * <pre>java -Xmx1g -cp (test classpath) io.augcon.llm.bench.TransportCpuRun --transport okhttp --in-flight 64</pre>
 */
public final class TransportCpuRun {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The {@code --transport} values that measure {@link JsonHttpClient} as shipped, over each of its transports. */
    private static final Map<String, HttpTransport> SHIPPED = Map.of("jsonhttpclient", HttpTransport.JDK,
            "jsonhttpclient-okhttp", HttpTransport.OKHTTP, "jsonhttpclient-apache", HttpTransport.APACHE_ASYNC);

    private TransportCpuRun() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchArgs.pairs(args);
        int inFlight = Integer.parseInt(options.getOrDefault("in-flight", "64"));
        int calls = Integer.parseInt(options.getOrDefault("calls", "4000"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "6"));
        String transport = options.getOrDefault("transport", "jsonhttpclient");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                SlotServerProcess.class.getName(), Integer.toString(4 * inFlight), "20", "0")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String base = "http://127.0.0.1:" + out.readLine().substring(5).strip() + "/v1";
            ObjectNode body = JSON.createObjectNode().put("model", "loopback").put("max_tokens", 256).put("temperature", 0.7);
            body.putArray("messages").addObject().put("role", "user").put("content",
                    "Context: a bicycle's gears let the rider keep a comfortable cadence on hills and flats.\n".repeat(110)
                            + "Question:");
            byte[] bytes = JSON.writeValueAsBytes(body);
            URI uri = URI.create(base + "/chat/completions");

            if (transport.equals("jdk-async")) {
                HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                measure("JDK sendAsync", inFlight, calls, rounds, done -> jdk.sendAsync(HttpRequest.newBuilder(uri)
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
                    HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> done.accept(e == null ? parse(r.body()) : null)));

            } else if (SHIPPED.containsKey(transport)) {
                HttpTransport kind = SHIPPED.get(transport);
                JsonHttpClient shipped = JsonHttpClient.builder().endpoint(base, "/chat/completions").timeout(Duration.ofMinutes(1))
                        .transport(kind).build();
                java.util.concurrent.atomic.AtomicInteger shown = new java.util.concurrent.atomic.AtomicInteger();
                measure("JsonHttpClient (" + kind + ")", inFlight, calls, rounds, done -> shipped.post(body).whenComplete((r, e) -> {
                    if (e != null && shown.incrementAndGet() <= 5) {
                        System.err.println("failed: " + e.getMessage());
                    }
                    done.accept(r);
                }));

            } else if (transport.equals("okhttp")) {
                OkHttpClient ok = new OkHttpClient.Builder().connectionPool(new ConnectionPool(2 * inFlight, 5, TimeUnit.MINUTES)).build();
            ok.dispatcher().setMaxRequests(2 * inFlight);
            ok.dispatcher().setMaxRequestsPerHost(2 * inFlight);
            MediaType json = MediaType.get("application/json");
            measure("OkHttp 4.12 enqueue", inFlight, calls, rounds, done -> ok.newCall(new Request.Builder().url(uri.toString())
                    .post(RequestBody.create(bytes, json)).build()).enqueue(new Callback() {
                        @Override
                        public void onFailure(Call call, IOException e) {
                            done.accept(null);
                        }

                        @Override
                        public void onResponse(Call call, Response response) {
                            try (response) {
                                done.accept(parse(response.body().string()));
                            } catch (IOException e) {
                                done.accept(null);
                            }
                        }
                    }));
            } else {
                throw new IllegalArgumentException("--transport is jdk-async, jsonhttpclient, jsonhttpclient-okhttp,"
                        + " jsonhttpclient-apache or okhttp, was " + transport);
            }
        } finally {
            server.destroy();
        }
        System.exit(0);
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rounds of {@code calls} calls through {@code send}, which hands its answer (null: failed) to the consumer. */
    private static void measure(String name, int inFlight, int calls, int rounds, Consumer<Consumer<JsonNode>> send)
            throws InterruptedException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = 1; round <= rounds; round++) {
            Semaphore slots = new Semaphore(inFlight);
            CountDownLatch done = new CountDownLatch(calls);
            long[] failed = new long[1];
            long started0 = threads.getTotalStartedThreadCount();
            long cpu0 = UtilizationRun.processCpuNanos();
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                slots.acquire();
                send.accept(answer -> {
                    if (answer == null || !answer.has("choices")) {
                        synchronized (failed) {
                            failed[0]++;
                        }
                    }
                    slots.release();
                    done.countDown();
                });
            }
            done.await();
            long cpu = UtilizationRun.processCpuNanos() - cpu0;
            System.out.printf(Locale.ROOT, "%s, round %d: %.3f ms CPU per call, %d threads started, %.0f calls/s, %d failed%n",
                    name, round, cpu / 1e6 / calls, threads.getTotalStartedThreadCount() - started0,
                    calls / ((System.nanoTime() - t0) / 1e9), failed[0]);
        }
        System.out.printf(Locale.ROOT, "%s: %d threads started in this JVM, at most %d alive at once%n", name,
                threads.getTotalStartedThreadCount(), threads.getPeakThreadCount());
    }
}
