package io.augcon.core.internal.llm;

import io.augcon.api.AsyncFailure;
import io.augcon.api.LlmBackend;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.Scheduler;
import io.augcon.core.event.ResilienceListener;
import io.augcon.core.llm.RetryPolicy;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Asks again after a transient failure (see {@link RetryPolicy#isTransient}), waiting an
 * exponential, jittered backoff or the server's {@code Retry-After}, up to the policy's attempts;
 * then fails with the last failure as it was. The same request is sent each time, seed included,
 * so a retried answer is the answer the first attempt would have given.
 *
 * <p>The wait holds no thread and, placed outside a {@link ConcurrencyLimitedBackend}, no slot:
 * other requests go on while one waits. Cancelling the returned stage cancels the attempt in
 * flight or the wait.
 *
 * <pre>{@code
 * LlmBackend patient = new RetryingBackend(limited, RetryPolicy.defaults(), Scheduler.system(), ResilienceListener.NONE);
 * }</pre>
 */
public final class RetryingBackend implements LlmBackend {
    private static final System.Logger LOG = System.getLogger(RetryingBackend.class.getName());

    private final LlmBackend delegate;
    private final RetryPolicy policy;
    private final Scheduler scheduler;
    private final ResilienceListener listener;
    private final DoubleSupplier random;

    public RetryingBackend(LlmBackend delegate, RetryPolicy policy, Scheduler scheduler, ResilienceListener listener) {
        this(delegate, policy, scheduler, listener, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** As the four-argument constructor, with the jitter's uniform draws in [0, 1) from {@code random}. */
    public RetryingBackend(LlmBackend delegate, RetryPolicy policy, Scheduler scheduler, ResilienceListener listener,
            DoubleSupplier random) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public CompletionStage<LlmResponse> complete(LlmRequest request) {
        Objects.requireNonNull(request, "request");
        Attempts attempts = new Attempts(request);
        attempts.send(1);
        return attempts.result;
    }

    @Override
    public String modelName() {
        return delegate.modelName();
    }

    /** One request's attempts; {@code current} is what to cancel if the caller gives up. */
    private final class Attempts {
        final LlmRequest request;
        final CompletableFuture<LlmResponse> result = new CompletableFuture<>();
        private Runnable cancelCurrent = () -> { };

        Attempts(LlmRequest request) {
            this.request = request;
            result.whenComplete((r, e) -> {
                if (result.isCancelled()) {
                    current().run();
                }
            });
        }

        private synchronized Runnable current() {
            return cancelCurrent;
        }

        private synchronized void setCurrent(Runnable cancel) {
            cancelCurrent = cancel;
        }

        void send(int attempt) {
            if (result.isDone()) {
                return;
            }
            CompletableFuture<LlmResponse> inFlight = DelegateCall.complete(delegate, request).toCompletableFuture();
            setCurrent(() -> inFlight.cancel(true));
            inFlight.whenComplete((response, error) -> {
                if (error == null) {
                    result.complete(response);
                } else {
                    failed(attempt, AsyncFailure.cause(error));
                }
            });
        }

        private void failed(int attempt, Throwable error) {
            if (result.isDone()) {
                return;
            }
            boolean transientFailure = RetryPolicy.isTransient(error);
            if (!transientFailure || attempt >= policy.maxAttempts()) {
                if (transientFailure && policy.maxAttempts() > 1) {
                    listener.retriesExhausted(request, error, attempt);
                }
                result.completeExceptionally(error);
                return;
            }
            Duration delay = policy.delayBefore(attempt, error, random.getAsDouble());
            LOG.log(Level.DEBUG, () -> "attempt " + attempt + " of a '" + request.stage() + "' request failed ("
                    + error.getMessage() + "); retrying in " + delay.toMillis() + " ms");
            listener.retryScheduled(request, error, attempt, delay);
            Scheduler.Task wait = scheduler.schedule(() -> send(attempt + 1), delay);
            setCurrent(wait::cancel);
        }
    }
}
