package io.augcon.core.internal.llm;

import io.augcon.api.LlmBackend;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.internal.Knob;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Keeps at most {@code limit} requests in flight to the wrapped backend and queues the rest,
 * without blocking any thread. Queued requests start lowest {@link LlmRequest#priority()} first
 * (the pipeline uses the root's position in the corpus), then in arrival order, so roots that
 * started earlier finish first and the number of roots held in memory stays small.
 *
 * <p>One limiter is shared by every stage of a run: the whole run, not each tree, has
 * {@code limit} requests in flight, which is what keeps a many-slot server busy.
 *
 * <p>What follows an answer (handing it on, starting the queued requests it makes room for)
 * runs on the executor given to {@link #dispatchOn}, a thread of the run's own during a run: the
 * thread that completed the answer is an HTTP client's (an event loop, with a non-blocking
 * client), an answer store's writer or a timer, and building and sending the next request
 * (serialising its body, hashing its cache key, a cache lookup) is CPU work that thread should
 * not do. Without one (outside a run) it runs on the completing thread.
 *
 * <p>The limit can be moved while requests run ({@link #setLimit}), e.g. by
 * {@link AdaptiveLimiter}: lowering it lets the requests in flight finish and starts no new
 * one until fewer than the new limit are left; a limit of 0 pauses. Queued requests stay queued
 * either way; only {@link #failFast} fails them.
 */
public final class ConcurrencyLimitedBackend implements LlmBackend {
    private static final Comparator<Pending> ORDER =
            Comparator.comparingLong((Pending p) -> p.request.priority()).thenComparingLong(p -> p.arrival);

    private final LlmBackend delegate;
    private int limit;
    private RuntimeException failFast;
    private final PriorityQueue<Pending> queue = new PriorityQueue<>(ORDER);
    /** Set while this thread is inside {@link #drain()}: a nested call leaves the work to the outer loop. */
    private final ThreadLocal<Boolean> draining = ThreadLocal.withInitial(() -> Boolean.FALSE);
    private volatile Executor dispatch = Runnable::run;
    private long arrivals;
    private int inFlight;
    private int maxInFlight;

    public ConcurrencyLimitedBackend(LlmBackend delegate, int limit) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.limit = Knob.atLeast("concurrency", limit, 1);
    }

    @Override
    public CompletionStage<LlmResponse> complete(LlmRequest request) {
        Pending pending = new Pending(Objects.requireNonNull(request, "request"));
        RuntimeException refusal;
        synchronized (this) {
            refusal = failFast;
            if (refusal == null) {
                pending.arrival = arrivals++;
                queue.add(pending);
            }
        }
        if (refusal != null) {
            pending.result.completeExceptionally(refusal);
            return pending.result;
        }
        drain();
        return pending.result;
    }

    /**
     * Moves the limit on requests in flight; 0 pauses. Requests in flight are never interrupted
     * and queued ones never dropped: a lower limit only delays new starts, a higher one starts
     * queued requests at once.
     *
     * @throws IllegalArgumentException when {@code value} is negative
     */
    public void setLimit(int value) {
        Knob.atLeast("limit", value, 0);
        synchronized (this) {
            limit = value;
        }
        drain();
    }

    /**
     * Fails every queued request with {@code error} and refuses new ones with it until called
     * with {@code null}; requests in flight finish as they would. For giving up on a server
     * that stays down, so that a run ends instead of waiting forever.
     */
    public void failFast(RuntimeException error) {
        List<Pending> failed = new ArrayList<>();
        synchronized (this) {
            failFast = error;
            if (error != null) {
                failed.addAll(queue);
                queue.clear();
            }
        }
        failed.forEach(p -> p.result.completeExceptionally(error));
    }

    /**
     * Where what follows each answer runs from now on; {@code null} for the completing thread.
     * An executor that refuses the work (shut down) has it run on the completing thread instead.
     */
    public void dispatchOn(Executor executor) {
        this.dispatch = executor == null ? Runnable::run : executor;
    }

    @Override
    public String modelName() {
        return delegate.modelName();
    }

    /** The current limit (0 while paused). */
    public synchronized int limit() {
        return limit;
    }

    /** Requests started and not yet answered. */
    public synchronized int inFlight() {
        return inFlight;
    }

    /** Requests waiting for a slot. */
    public synchronized int queued() {
        return queue.size();
    }

    /** The most requests that were ever in flight at once. */
    public synchronized int maxInFlight() {
        return maxInFlight;
    }

    private void drain() {
        if (draining.get()) {
            return;
        }
        draining.set(Boolean.TRUE);
        try {
            Pending next;
            while ((next = takeNext()) != null) {
                start(next);
            }
        } finally {
            draining.set(Boolean.FALSE);
        }
    }

    private synchronized Pending takeNext() {
        if (inFlight >= limit || queue.isEmpty()) {
            return null;
        }
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        return queue.poll();
    }

    private void start(Pending pending) {
        CompletionStage<LlmResponse> stage = DelegateCall.complete(delegate, pending.request);
        stage.whenComplete((response, error) -> {
            Runnable answered = () -> {
                synchronized (this) {
                    inFlight--;
                }
                if (error != null) {
                    pending.result.completeExceptionally(error);
                } else {
                    pending.result.complete(response);
                }
                drain();
            };
            try {
                dispatch.execute(answered);
            } catch (RejectedExecutionException e) {
                answered.run();
            }
        });
    }

    private static final class Pending {
        final LlmRequest request;
        final CompletableFuture<LlmResponse> result = new CompletableFuture<>();
        long arrival;

        Pending(LlmRequest request) {
            this.request = request;
        }
    }
}
