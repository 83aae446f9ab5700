package io.augcon.llm.bench;

import io.augcon.api.LlmBackend;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import java.util.concurrent.CompletionStage;

/**
 * Measures, at the HTTP backend, how many requests the pipeline kept in flight on average and how
 * long each took as the client saw it, so the gap between what the client holds and what the
 * server serves can be split between the engine and the transport.
 */
final class InFlightMeter implements LlmBackend {
    private final LlmBackend delegate;
    private long inFlight;
    private long lastChange;
    private long first = -1;
    private double area;
    private long calls;
    private long latencyTotal;

    InFlightMeter(LlmBackend delegate) {
        this.delegate = delegate;
    }

    @Override
    public CompletionStage<LlmResponse> complete(LlmRequest request) {
        long start = change(+1);
        return delegate.complete(request).whenComplete((response, error) -> {
            long end = change(-1);
            synchronized (this) {
                calls++;
                latencyTotal += end - start;
            }
        });
    }

    private synchronized long change(int delta) {
        long now = System.nanoTime();
        if (first < 0) {
            first = now;
        } else {
            area += (double) inFlight * (now - lastChange);
        }
        inFlight += delta;
        lastChange = now;
        return now;
    }

    @Override
    public String modelName() {
        return delegate.modelName();
    }

    /** Mean requests in flight at this backend from its first request to its last answer. */
    synchronized double meanInFlight() {
        return lastChange > first ? area / (lastChange - first) : 0;
    }

    /** Calls answered (or failed). */
    synchronized long calls() {
        return calls;
    }

    /** Mean time from a call to its answer, in milliseconds. */
    synchronized double meanLatencyMillis() {
        return calls == 0 ? 0 : latencyTotal / 1e6 / calls;
    }
}
