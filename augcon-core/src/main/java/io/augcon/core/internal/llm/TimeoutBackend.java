package io.augcon.core.internal.llm;

import io.augcon.api.LlmBackend;
import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.Scheduler;
import io.augcon.api.internal.Knob;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Fails a request with {@link LlmException.Kind#TIMEOUT} when no answer came within the timeout,
 * and cancels it. For backends without a timeout of their own (a langchain4j model, a blocking
 * function); the HTTP backends time out by themselves. A blocking call that ignores
 * cancellation keeps its thread until it returns, but its caller has moved on.
 *
 * <pre>{@code
 * LlmBackend bounded = new TimeoutBackend(backend, Duration.ofSeconds(60), Scheduler.system());
 * }</pre>
 */
public final class TimeoutBackend implements LlmBackend {
    private final LlmBackend delegate;
    private final Duration timeout;
    private final Scheduler scheduler;

    public TimeoutBackend(LlmBackend delegate, Duration timeout, Scheduler scheduler) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.timeout = Knob.positive("timeout", timeout);
    }

    @Override
    public CompletionStage<LlmResponse> complete(LlmRequest request) {
        CompletableFuture<LlmResponse> result = new CompletableFuture<>();
        CompletableFuture<LlmResponse> inner;
        try {
            inner = delegate.complete(request).toCompletableFuture();
        } catch (RuntimeException e) {
            inner = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<LlmResponse> call = inner;
        Scheduler.Task deadline = scheduler.schedule(() -> {
            if (result.completeExceptionally(new LlmException(LlmException.Kind.TIMEOUT,
                    "no answer within " + timeout.toMillis() + " ms"))) {
                call.cancel(true);
            }
        }, timeout);
        call.whenComplete((response, error) -> {
            deadline.cancel();
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(response);
            }
        });
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                call.cancel(true);
            }
        });
        return result;
    }

    @Override
    public String modelName() {
        return delegate.modelName();
    }
}
