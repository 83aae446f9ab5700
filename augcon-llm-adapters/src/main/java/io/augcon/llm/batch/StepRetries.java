package io.augcon.llm.batch;

import io.augcon.api.AsyncFailure;
import io.augcon.api.LlmException;
import io.augcon.api.Scheduler;
import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * How a {@link BatchBackend} waits: an upload, a create or a download tried again after a
 * transient failure, with backoff doubling from 1 s; polls spaced by the poll interval plus up to
 * a fifth of it at random, failed polls backing off from it; every wait at least a
 * {@code Retry-After}. The jitter's random sequence is seeded, so a test sees the same waits.
 */
final class StepRetries {
    /** Tries of one upload, create or download before the round's requests fail. */
    static final int MAX_STEP_ATTEMPTS = 8;
    /**
     * How long after its creation a batch is polled through transient failures: the provider's
     * 24-hour completion window and an hour more. Giving up sooner would ask the round's requests
     * again in a new batch while the first may still answer them, and both would be billed.
     */
    static final Duration POLL_THROUGH = Duration.ofHours(25);
    /** The first wait after a failed upload, create or download. */
    private static final Duration FIRST_STEP_BACKOFF = Duration.ofSeconds(1);

    private final BatchLimits limits;
    private final Scheduler scheduler;
    private final BooleanSupplier stopped;
    private final SplittableRandom random = new SplittableRandom(0x5eed);

    StepRetries(BatchLimits limits, Scheduler scheduler, BooleanSupplier stopped) {
        this.limits = limits;
        this.scheduler = scheduler;
        this.stopped = stopped;
    }

    /** {@code step}, tried again after transient failures with backoff, up to {@link #MAX_STEP_ATTEMPTS} times. */
    <T> CompletableFuture<T> attempt(String what, Supplier<CompletableFuture<T>> step) {
        CompletableFuture<T> result = new CompletableFuture<>();
        tryStep(what, step, 1, result);
        return result;
    }

    private <T> void tryStep(String what, Supplier<CompletableFuture<T>> step, int attempt, CompletableFuture<T> result) {
        if (stopped.getAsBoolean()) {
            result.completeExceptionally(new LlmException(LlmException.Kind.CANCELLED, what + ": the backend closed"));
            return;
        }
        call(step).whenComplete((value, e) -> {
            if (e == null) {
                result.complete(value);
            } else if (isTransient(e) && attempt < MAX_STEP_ATTEMPTS) {
                scheduler.schedule(() -> tryStep(what, step, attempt + 1, result), backoff(FIRST_STEP_BACKOFF, attempt, e));
            } else {
                result.completeExceptionally(AsyncFailure.cause(e));
            }
        });
    }

    /** The future {@code step} returns; a step that throws or returns null is a failed future. */
    static <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> step) {
        try {
            return Objects.requireNonNull(step.get(), "a batch step returned null");
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** True when a poll that failed with {@code failure}, {@code sinceCreated} after the batch was created, is worth another. */
    boolean pollAgain(Duration sinceCreated, Throwable failure) {
        return isTransient(failure) && sinceCreated.compareTo(POLL_THROUGH) < 0;
    }

    /** The wait before the next poll after {@code failures} polls failed in a row, the last with {@code failure}. */
    Duration pollBackoff(int failures, Throwable failure) {
        return backoff(limits.pollInterval(), failures, failure);
    }

    /** The poll interval and up to a fifth more, so that runs started together do not poll together. */
    Duration nextPoll() {
        long interval = limits.pollInterval().toMillis();
        return Duration.ofMillis(interval + (long) (random() * interval / 5));
    }

    /**
     * The same failures the run's retry policy retries: 429, 408, 425, 5xx but 501 and 505, timeouts,
     * broken connections and bodies not in the protocol's format.
     */
    static boolean isTransient(Throwable failure) {
        LlmException e = LlmException.find(failure).orElse(null);
        if (e == null) {
            return false;
        }
        return switch (e.kind()) {
            case RATE_LIMITED, TIMEOUT, CONNECTION, MALFORMED_RESPONSE -> true;
            case HTTP_STATUS -> {
                int status = e.status().orElse(-1);
                yield status == 408 || status == 425 || (status >= 500 && status != 501 && status != 505);
            }
            default -> false;
        };
    }

    /** {@code first} doubled per failure up to the longest poll interval, half of it random, at least any Retry-After. */
    private Duration backoff(Duration first, int failures, Throwable failure) {
        long cap = limits.maxPollInterval().toMillis();
        long base = Math.min(cap, first.toMillis() << Math.min(20, failures - 1));
        Duration wait = Duration.ofMillis(base / 2 + (long) (random() * (base - base / 2)));
        Duration retryAfter = LlmException.find(failure).flatMap(LlmException::retryAfter).orElse(Duration.ZERO);
        return wait.compareTo(retryAfter) >= 0 ? wait : retryAfter;
    }

    private double random() {
        synchronized (random) {
            return random.nextDouble();
        }
    }
}
