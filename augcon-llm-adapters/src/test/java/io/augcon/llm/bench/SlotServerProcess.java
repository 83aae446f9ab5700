package io.augcon.llm.bench;

import io.augcon.testkit.LoopbackOpenAiServer;
import io.augcon.testkit.ScriptedLlm;
import io.augcon.testkit.ServiceSlots;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * {@link UtilizationRun}'s loopback server in a JVM of its own ({@code --server-jvm separate}), so
 * the benchmark's process CPU is the client's alone. Prints {@code port N}, serves until a line
 * {@code report} arrives on stdin, then prints the service log's numbers and its own CPU and exits.
 * Arguments: slots, latency in ms, ms per output token.
 */
final class SlotServerProcess {
    private SlotServerProcess() {}

    public static void main(String[] args) throws IOException {
        int slots = Integer.parseInt(args[0]);
        long latencyMs = Long.parseLong(args[1]);
        double perTokenMs = Double.parseDouble(args[2]);
        ServiceSlots server = ServiceSlots.builder().slots(slots).perRequest(Duration.ofMillis(latencyMs))
                .perOutputToken(Duration.ofNanos(Math.round(perTokenMs * 1_000_000))).build();
        try (LoopbackOpenAiServer loopback = UtilizationRun.loopback(server).start()) {
            System.out.println("port " + loopback.port());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null && !line.equals("report"); line = in.readLine()) {
                // waits for the client's run to end
            }
            System.out.printf(Locale.ROOT, "server JVM: process CPU %.1f s, most requests at once %d%n",
                    UtilizationRun.processCpuNanos() / 1e9, loopback.maxInFlight());
            UtilizationRun.reportServer(server.log());
            System.out.println("end");
            System.out.flush();
        }
        System.exit(0);
    }
}
