package io.augcon.core.internal.llm;

import io.augcon.api.ChatMessage;
import io.augcon.api.LlmBackend;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.Scheduler;
import io.augcon.api.TokenUsage;
import io.augcon.api.internal.Knob;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Keeps a run under a paid endpoint's published requests-per-minute and tokens-per-minute
 * quotas, so requests wait here instead of coming back as 429s that must be retried (AIMD only
 * reacts to those). Requests go out in arrival order; a request waits without a thread, on the
 * run's {@link Scheduler}, until both limits allow it.
 *
 * <p>Each limit is a Bucket4j token bucket on the scheduler's clock that holds one second's share
 * of the quota {@code Q} ({@code C = ceil(Q / 60)}) and refills greedily with {@code Q - C + 1}
 * a minute. Whole tokens then arrive at most {@code Q - C + 1} times in any minute on top of the
 * {@code C} held, so no minute, however it falls, sees more than {@code Q}; a run that has
 * waited sends at the quota's pace, one second's share at a time.
 *
 * <p>Tokens: a request is charged before it goes with an estimate, its text's characters / 4
 * (core has no tokenizer; English averages about four characters a token, Chinese fewer, so
 * the estimate is high there) plus its {@code maxTokens}; when its answer reports usage the
 * difference is settled, charged if more, given back if less. A request estimated above one
 * second's share waits until the bucket is full and borrows the rest, so a minute may pass the
 * token quota by that one request's excess.
 *
 * <pre>{@code
 * LlmBackend paced = new RateLimitedBackend(backend, 500, 200_000, Scheduler.system());
 * }</pre>
 */
public final class RateLimitedBackend implements LlmBackend {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final LlmBackend delegate;
    private final Scheduler scheduler;
    /** {@code null} when that limit is off. */
    private final Bucket requests;
    private final Bucket tokens;
    private final long tokenCapacity;

    // Guarded by this.
    private final ArrayDeque<Waiting> queue = new ArrayDeque<>();
    private boolean wakeUpScheduled;

    /**
     * @param requestsPerMinute at most this many requests in any minute; 0 for no limit
     * @param tokensPerMinute   at most this many tokens in any minute, as estimated and settled; 0
     *                          for no limit
     */
    public RateLimitedBackend(LlmBackend delegate, long requestsPerMinute, long tokensPerMinute, Scheduler scheduler) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        Knob.atLeast("maxRequestsPerMinute", requestsPerMinute, 0);
        Knob.atLeast("maxTokensPerMinute", tokensPerMinute, 0);
        this.requests = requestsPerMinute == 0 ? null : bucket(requestsPerMinute, scheduler);
        this.tokens = tokensPerMinute == 0 ? null : bucket(tokensPerMinute, scheduler);
        this.tokenCapacity = tokensPerMinute == 0 ? 0 : secondsShare(tokensPerMinute);
    }

    @Override
    public CompletionStage<LlmResponse> complete(LlmRequest request) {
        Waiting waiting = new Waiting(Objects.requireNonNull(request, "request"), estimate(request));
        synchronized (this) {
            queue.add(waiting);
        }
        sendWhatIsAllowed();
        return waiting.result;
    }

    @Override
    public String modelName() {
        return delegate.modelName();
    }

    /** Requests waiting for the rate limits. */
    public synchronized int waiting() {
        return queue.size();
    }

    /** The tokens a request is charged before it goes: its text's characters / 4, rounded up, plus its max tokens. */
    static long estimate(LlmRequest request) {
        long chars = 0;
        for (ChatMessage message : request.asMessages()) {
            chars += message.content().length();
        }
        return (chars + 3) / 4 + request.maxTokens();
    }

    private static long secondsShare(long perMinute) {
        return (perMinute + 59) / 60;
    }

    private static Bucket bucket(long perMinute, Scheduler clock) {
        long capacity = secondsShare(perMinute);
        TimeMeter time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return clock.nanoTime();
            }

            @Override
            public boolean isWallClockBased() {
                return false;
            }
        };
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(capacity).refillGreedy(perMinute - capacity + 1, MINUTE))
                .withCustomTimePrecision(time)
                .build();
    }

    /** Sends queued requests while the limits allow, then sets a wake-up for the first that must wait. */
    private void sendWhatIsAllowed() {
        while (true) {
            Waiting next;
            long waitNanos;
            synchronized (this) {
                next = queue.peek();
                if (next == null) {
                    return;
                }
                waitNanos = admit(next.estimate);
                if (waitNanos > 0) {
                    if (wakeUpScheduled) {
                        return;
                    }
                    wakeUpScheduled = true;
                } else {
                    queue.poll();
                }
            }
            if (waitNanos > 0) {
                scheduler.schedule(this::wakeUp, Duration.ofNanos(waitNanos));
                return;
            }
            send(next);
        }
    }

    private void wakeUp() {
        synchronized (this) {
            wakeUpScheduled = false;
        }
        sendWhatIsAllowed();
    }

    /** Takes a request's share of both limits and returns 0, or takes nothing and returns how long to wait. */
    private long admit(long estimate) {
        long fromTokens = Math.min(estimate, tokenCapacity);
        long wait = 0;
        if (requests != null) {
            wait = Math.max(wait, nanosUntil(requests, 1));
        }
        if (tokens != null) {
            wait = Math.max(wait, nanosUntil(tokens, fromTokens));
        }
        if (wait > 0) {
            return wait;
        }
        if (requests != null) {
            requests.consumeIgnoringRateLimits(1);
        }
        if (tokens != null) {
            // An estimate above the bucket's capacity borrows the rest: later requests wait it off.
            tokens.consumeIgnoringRateLimits(estimate);
        }
        return 0;
    }

    private static long nanosUntil(Bucket bucket, long amount) {
        return bucket.estimateAbilityToConsume(amount).getNanosToWaitForRefill();
    }

    private void send(Waiting waiting) {
        CompletionStage<LlmResponse> stage = DelegateCall.complete(delegate, waiting.request);
        stage.whenComplete((response, error) -> {
            if (response != null && tokens != null && !response.usage().equals(TokenUsage.ZERO)) {
                settle(waiting.estimate, response.usage().total());
            }
            if (error != null) {
                waiting.result.completeExceptionally(error);
            } else {
                waiting.result.complete(response);
            }
        });
    }

    /** Charges or gives back the difference between what the answer used and what was estimated. */
    private void settle(long estimate, long used) {
        synchronized (this) {
            if (used > estimate) {
                tokens.consumeIgnoringRateLimits(used - estimate);
            } else if (used < estimate) {
                tokens.addTokens(estimate - used);
            }
        }
        sendWhatIsAllowed();
    }

    private static final class Waiting {
        final LlmRequest request;
        final long estimate;
        final CompletableFuture<LlmResponse> result = new CompletableFuture<>();

        Waiting(LlmRequest request, long estimate) {
            this.request = request;
            this.estimate = estimate;
        }
    }
}
