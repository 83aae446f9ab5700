package io.augcon.core.internal.llm;

import io.augcon.api.LlmBackend;
import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.Scheduler;
import io.augcon.api.internal.Knob;
import io.augcon.core.llm.Resilience;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The innermost link of the chain, the one place the user's backend is called: fails a request
 * with {@link LlmException.Kind#TIMEOUT} when no answer came within the timeout, and cancels it.
 * The HTTP backends time out sooner by themselves; this one is there so that no backend (a
 * langchain4j model, a blocking function, a future that is never completed) can hang a run. A
 * blocking call that ignores cancellation keeps its thread until it returns, but its caller has
 * moved on. With {@link Resilience#NO_REQUEST_TIMEOUT} it sets no deadline.
 *
 * <p>A backend that returns {@code null} instead of a stage, or throws, fails the request with
 * an exception that names the backend's class, rather than a bare NullPointerException deep in
 * the chain.
 *
 * <pre>{@code
 * LlmBackend bounded = new TimeoutBackend(backend, Duration.ofSeconds(60), Scheduler.system());
 * }</pre>
 */
public final class TimeoutBackend implements LlmBackend {
    private final LlmBackend delegate;
    private final Duration timeout;
    private final Scheduler scheduler;

    /**
     * Calls {@code delegate}, failing a call after {@code timeout} on {@code scheduler}'s clock;
     * a zero timeout ({@link Resilience#NO_REQUEST_TIMEOUT}) sets none.
     */
    public TimeoutBackend(LlmBackend delegate, Duration timeout, Scheduler scheduler) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.timeout = Objects.requireNonNull(Knob.notNegative("timeout", timeout), "timeout");
    }

    @Override
    public CompletionStage<LlmResponse> complete(LlmRequest request) {
        CompletableFuture<LlmResponse> call = DelegateCall.complete(delegate, request).toCompletableFuture();
        // An answer already there needs no deadline (and a virtual clock that runs each task at
        // once must not get one to race it).
        if (timeout.isZero() || call.isDone()) {
            return call;
        }
        CompletableFuture<LlmResponse> result = new CompletableFuture<>();
        Scheduler.Task deadline = scheduler.schedule(() -> {
            if (result.completeExceptionally(new LlmException(LlmException.Kind.TIMEOUT,
                    "no answer within " + timeout.toMillis() + " ms from " + delegate.getClass().getName()))) {
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
