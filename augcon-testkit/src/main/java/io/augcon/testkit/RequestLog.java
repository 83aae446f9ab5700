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
 * a test reads is one thing with its own lock, however the routes answer. A log that does not keep
 * requests (a benchmark's, which would otherwise hold every body it was sent) still counts them.
 * Thread-safe.
 */
final class RequestLog {
    private final boolean keep;
    private final List<LlmRequest> requests = new ArrayList<>();
    private final List<String> bodies = new ArrayList<>();
    private final List<Map<String, List<String>>> headers = new ArrayList<>();
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    /** @param keep whether {@link #record} keeps what it is given, for {@link #requests()} and the like */
    RequestLog(boolean keep) {
        this.keep = keep;
    }

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
        if (!keep) {
            return;
        }
        requests.add(request);
        bodies.add(body);
        headers.add(headersOf(exchange));
    }

    synchronized List<LlmRequest> requests() {
        kept();
        return List.copyOf(requests);
    }

    synchronized List<String> bodies() {
        kept();
        return List.copyOf(bodies);
    }

    synchronized List<Map<String, List<String>>> headers() {
        kept();
        return List.copyOf(headers);
    }

    private void kept() {
        if (!keep) {
            throw new IllegalStateException("this server keeps no requests: it was built with keepRequests(false)");
        }
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
