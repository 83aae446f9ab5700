package io.augcon.testkit;

import com.sun.net.httpserver.HttpExchange;
import io.augcon.api.LlmRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a {@link LoopbackOpenAiServer} received, for a test to check: the well-formed, authorized
 * LLM requests with their raw bodies and headers, a count of every LLM request whatever became of
 * it, and the most that were in flight at once. It is apart from the serving so that the traffic
 * a test reads is one thing with its own lock, however the routes answer. Thread-safe.
 */
final class RequestLog {
    private final List<LlmRequest> requests = new ArrayList<>();
    private final List<String> bodies = new ArrayList<>();
    private final List<Map<String, List<String>>> headers = new ArrayList<>();
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    /** An LLM request arrived: it counts, and is in flight until {@link #answered()}. */
    void arrived() {
        count.incrementAndGet();
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    }

    /** A request that {@link #arrived()} got its reply, or ended without one. */
    void answered() {
        inFlight.decrementAndGet();
    }

    /** Records a well-formed, authorized request with the body and the headers it came with. */
    synchronized void record(LlmRequest request, String body, HttpExchange exchange) {
        requests.add(request);
        bodies.add(body);
        headers.add(headersOf(exchange));
    }

    synchronized List<LlmRequest> requests() {
        return List.copyOf(requests);
    }

    synchronized List<String> bodies() {
        return List.copyOf(bodies);
    }

    synchronized List<Map<String, List<String>>> headers() {
        return List.copyOf(headers);
    }

    int count() {
        return count.get();
    }

    int maxInFlight() {
        return maxInFlight.get();
    }

    private static Map<String, List<String>> headersOf(HttpExchange exchange) {
        Map<String, List<String>> byName = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                byName.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        return Collections.unmodifiableMap(byName);
    }
}
