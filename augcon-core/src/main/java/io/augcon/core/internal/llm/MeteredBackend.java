package io.augcon.core.internal.llm;

import io.augcon.api.LlmBackend;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.core.event.LlmCallListener;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * Reports every call to the wrapped backend (its stage, usage or failure, and latency) to a
 * {@link LlmCallListener}. Placed inside the concurrency limiter, so the latency is the
 * backend's time, not the time spent waiting for a slot.
 */
public final class MeteredBackend implements LlmBackend {
    private final LlmBackend delegate;
    private final LlmCallListener listener;
    private final LongSupplier nanoClock;

    public MeteredBackend(LlmBackend delegate, LlmCallListener listener) {
        this(delegate, listener, System::nanoTime);
    }

    /**
     * As {@link #MeteredBackend(LlmBackend, LlmCallListener)} with a nanosecond clock tests control:
     * the reading half of a {@link io.augcon.api.Scheduler} (pass {@code scheduler::nanoTime}),
     * since a meter only reads the time and never waits on it.
     */
    public MeteredBackend(LlmBackend delegate, LlmCallListener listener, LongSupplier nanoClock) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    @Override
    public CompletionStage<LlmResponse> complete(LlmRequest request) {
        long start = nanoClock.getAsLong();
        CompletionStage<LlmResponse> stage = DelegateCall.complete(delegate, request);
        return stage.whenComplete((response, error) ->
                listener.llmCallDone(request, response, error, nanoClock.getAsLong() - start));
    }

    @Override
    public String modelName() {
        return delegate.modelName();
    }
}
