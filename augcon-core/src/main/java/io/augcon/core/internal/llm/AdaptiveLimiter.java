package io.augcon.core.internal.llm;

import io.augcon.api.LlmBackend;
import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.Scheduler;
import io.augcon.core.event.ResilienceListener;
import io.augcon.api.internal.Knob;
import io.augcon.core.llm.AdaptiveConcurrency;
import io.augcon.core.llm.OutageException;
import io.augcon.core.llm.RetryPolicy;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Moves the run-wide limit of a {@link ConcurrencyLimitedBackend} with what the server says, and
 * pauses all requests when it keeps failing.
 *
 * <ul>
 *   <li><b>AIMD.</b> An overload answer (429, 503, 529 or a timeout) cuts the limit by
 *       {@link AdaptiveConcurrency#decrease()} (a quarter by default), once per wave: answers to requests
 *       sent before the last cut do not cut again. Each window of {@code limit} successes
 *       raises it by one, up to the configured concurrency.</li>
 *   <li><b>Circuit breaker.</b> When the share of transient failures
 *       ({@link RetryPolicy#isTransient}) among the last {@link AdaptiveConcurrency#breakerWindow()} answers
 *       reaches {@link AdaptiveConcurrency#breakerThreshold()}, the limit drops to 0 for
 *       {@link AdaptiveConcurrency#breakerPause()}; then one probe request goes out. The first answer after
 *       the pause (the probe's, or one to a request still in flight) decides: an answer closes the breaker and restores the limit; a failed one pauses again for twice as
 *       long (at most {@link AdaptiveConcurrency#breakerMaxPause()}). After
 *       {@link AdaptiveConcurrency#probesBeforeGivingUp()} failed probes in a row the queued requests fail
 *       with an {@link OutageException}, which ends the run, instead of waiting forever.
 *       A request counts once however often it fails, so one request the server always fails
 *       cannot stop a run. When a {@link RetryingBackend} retries failed requests
 *       ({@link #around(LlmBackend, int, AdaptiveConcurrency, boolean, Scheduler, ResilienceListener)
 *       retried}), a request's failure counts only when its retry fails too: a failure the retry
 *       repaired says the server works. So the breaker answers to sustained failure, not to a
 *       burst of connection resets from a listen queue that 64 connections opened at once
 *       overran, which opened it in the first second of a run before (issue 13); a server that
 *       is down still fails every retry and opens it one backoff later.</li>
 * </ul>
 * Nothing here drops queued work: a lower limit or a pause only delays starts.
 *
 * <pre>{@code
 * AdaptiveLimiter adaptive = AdaptiveLimiter.around(backend, 64,
 *         AdaptiveConcurrency.defaults(), Scheduler.system(), ResilienceListener.NONE);
 * LlmBackend limited = adaptive.limiter();   // at most 64 in flight, fewer while the server pushes back
 * }</pre>
 */
public final class AdaptiveLimiter {
    private static final System.Logger LOG = System.getLogger(AdaptiveLimiter.class.getName());

    /** Where the breaker is. */
    public enum State {
        /** Requests flow under the AIMD limit. */
        CLOSED,
        /** Paused: no request starts. */
        OPEN,
        /** One probe request is allowed. */
        HALF_OPEN,
        /** Probes kept failing: requests fail at once until the next probe. */
        GAVE_UP
    }

    private final int maxLimit;
    private final AdaptiveConcurrency settings;
    private final Scheduler scheduler;
    private final ResilienceListener listener;
    /** Which failure of a request the breaker counts: the first, or the second when retries follow. */
    private final int countedFailure;
    private ConcurrencyLimitedBackend limiter;
    private final Object applying = new Object();

    // Guarded by this.
    private int aimdLimit;
    private int lowestLimit;
    private int successes;
    private long epoch;
    private long generation;
    private State state = State.CLOSED;
    private final FailureWindow window;
    private Duration pause;
    private int failedProbes;
    private long outageStartNanos;
    private Throwable lastFailure;
    /** How often each request failed so far: its repeated failures say nothing new about the server. */
    private final Map<LlmRequest, Integer> failures = new WeakHashMap<>();

    private AdaptiveLimiter(int maxLimit, AdaptiveConcurrency settings, boolean retried, Scheduler scheduler,
            ResilienceListener listener) {
        this.maxLimit = Knob.atLeast("concurrency", maxLimit, 1);
        this.settings = Objects.requireNonNull(settings, "settings");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.countedFailure = retried ? 2 : 1;
        this.aimdLimit = maxLimit;
        this.lowestLimit = maxLimit;
        this.window = new FailureWindow(settings.breakerWindow());
        this.pause = settings.breakerPause();
    }

    /**
     * A limiter of at most {@code maxLimit} requests in flight to {@code backend}, driven by a
     * new controller, for callers that do not retry a failed request: its first failure counts.
     */
    public static AdaptiveLimiter around(LlmBackend backend, int maxLimit, AdaptiveConcurrency settings, Scheduler scheduler,
            ResilienceListener listener) {
        return around(backend, maxLimit, settings, false, scheduler, listener);
    }

    /**
     * As the five-argument form; {@code retried} says that a failed request is sent again (a
     * {@link RetryingBackend} outside the limiter), so the breaker counts a request's failure
     * only when its retry fails too.
     */
    public static AdaptiveLimiter around(LlmBackend backend, int maxLimit, AdaptiveConcurrency settings, boolean retried,
            Scheduler scheduler, ResilienceListener listener) {
        Objects.requireNonNull(backend, "backend");
        AdaptiveLimiter adaptive = new AdaptiveLimiter(maxLimit, settings, retried, scheduler, listener);
        adaptive.limiter = new ConcurrencyLimitedBackend(adaptive.new Observer(backend), maxLimit);
        return adaptive;
    }

    /** The limiter this controller drives; send requests through it. */
    public ConcurrencyLimitedBackend limiter() {
        return limiter;
    }

    /** The AIMD limit (what the limiter allows while the breaker is closed). */
    public synchronized int limit() {
        return aimdLimit;
    }

    /** The lowest AIMD limit reached so far. */
    public synchronized int lowestLimit() {
        return lowestLimit;
    }

    /** The breaker's state. */
    public synchronized State state() {
        return state;
    }

    // ---------------------------------------------------------------- outcomes

    /** When a request started: in which AIMD wave. */
    private record Ticket(long epoch) {}

    private synchronized Ticket started() {
        return new Ticket(epoch);
    }

    private void finished(LlmRequest request, Ticket ticket, Throwable error) {
        List<Runnable> events = new ArrayList<>();
        boolean changed;
        synchronized (this) {
            int before = effectiveLimit();
            State was = state;
            if (error != null && LlmException.kindOf(error) == LlmException.Kind.CANCELLED) {
                return;
            }
            boolean transientFailure = error != null && RetryPolicy.isTransient(error);
            int failuresSoFar = 0;
            if (transientFailure) {
                lastFailure = error;
                failuresSoFar = failures.merge(request, 1, Integer::sum);
            } else if (!failures.isEmpty()) {
                // The check spares the common case, no failure held, from hashing the whole request.
                failures.remove(request);
            }
            boolean repeated = failuresSoFar > 1;
            if (state == State.CLOSED) {
                aimd(ticket, error, events);
                if (!transientFailure || failuresSoFar == countedFailure) {
                    breakerWindow(transientFailure, events);
                }
            } else if (state == State.HALF_OPEN && !repeated) {
                // The first news after the pause, the probe's or a late answer's, decides.
                probeAnswered(transientFailure, events);
            }
            changed = before != effectiveLimit() || was != state;
        }
        events.forEach(Runnable::run);
        if (changed) {
            apply();
        }
    }

    private void aimd(Ticket ticket, Throwable error, List<Runnable> events) {
        int from = aimdLimit;
        if (error == null) {
            if (++successes >= aimdLimit && aimdLimit < maxLimit) {
                aimdLimit++;
                successes = 0;
            }
        } else if (overload(error) && ticket.epoch() == epoch) {
            int cut = (int) Math.floor(aimdLimit * (1 - settings.decrease()));
            aimdLimit = Math.max(settings.minLimit(), Math.min(cut, aimdLimit - 1));
            lowestLimit = Math.min(lowestLimit, aimdLimit);
            successes = 0;
            epoch++;
        }
        int to = aimdLimit;
        if (from != to) {
            events.add(() -> listener.concurrencyLimitChanged(from, to));
            events.add(() -> LOG.log(Level.DEBUG, "concurrency limit " + from + " -> " + to));
        }
    }

    private void breakerWindow(boolean failure, List<Runnable> events) {
        double rate = window.add(failure);
        if (window.size() >= settings.breakerMinCalls() && rate >= settings.breakerThreshold()) {
            outageStartNanos = scheduler.nanoTime();
            open(settings.breakerPause(), rate, events);
        }
    }

    private void probeAnswered(boolean failure, List<Runnable> events) {
        if (!failure) {
            Duration pausedFor = Duration.ofNanos(scheduler.nanoTime() - outageStartNanos);
            state = State.CLOSED;
            generation++;
            failedProbes = 0;
            pause = settings.breakerPause();
            window.clear();
            successes = 0;
            events.add(() -> listener.circuitClosed(pausedFor));
            events.add(() -> LOG.log(Level.DEBUG, "circuit closed after " + pausedFor.toMillis() + " ms"));
            return;
        }
        if (++failedProbes >= settings.probesBeforeGivingUp()) {
            giveUp(events);
            return;
        }
        Duration doubled = pause.multipliedBy(2);
        open(doubled.compareTo(settings.breakerMaxPause()) > 0 ? settings.breakerMaxPause() : doubled, 1.0, events);
    }

    private void open(Duration howLong, double rate, List<Runnable> events) {
        state = State.OPEN;
        pause = howLong;
        long opened = ++generation;
        events.add(() -> listener.circuitOpened(rate, howLong));
        events.add(() -> LOG.log(Level.DEBUG, String.format(java.util.Locale.ROOT,
                "circuit opened: failure rate %.2f; pausing requests for %d ms", rate, howLong.toMillis())));
        events.add(() -> scheduler.schedule(() -> halfOpen(opened), howLong));
    }

    private void giveUp(List<Runnable> events) {
        state = State.GAVE_UP;
        long gaveUp = ++generation;
        Duration outage = Duration.ofNanos(scheduler.nanoTime() - outageStartNanos);
        OutageException error = new OutageException("the LLM server kept failing for " + outage.toSeconds()
                + " s through " + failedProbes + " probes; last failure: "
                + (lastFailure == null ? "none" : lastFailure.getMessage()), lastFailure);
        events.add(() -> limiter.failFast(error));
        events.add(() -> scheduler.schedule(() -> {
            limiter.failFast(null);
            halfOpen(gaveUp);
        }, settings.breakerMaxPause()));
    }

    private void halfOpen(long openedGeneration) {
        synchronized (this) {
            if (generation != openedGeneration) {
                return;
            }
            state = State.HALF_OPEN;
            generation++;
        }
        apply();
    }

    private static boolean overload(Throwable error) {
        LlmException e = LlmException.find(error).orElse(null);
        if (e == null) {
            return false;
        }
        int status = e.status().orElse(-1);
        return e.kind() == LlmException.Kind.RATE_LIMITED || e.kind() == LlmException.Kind.TIMEOUT
                || status == 503 || status == 529;
    }

    private int effectiveLimit() {
        switch (state) {
            case CLOSED:
                return aimdLimit;
            case HALF_OPEN:
                return 1;
            default:
                return 0;
        }
    }

    /** Sets the limiter to the limit of the current state; serialised so the latest state wins. */
    private void apply() {
        synchronized (applying) {
            int want;
            synchronized (this) {
                want = effectiveLimit();
            }
            limiter.setLimit(want);
        }
    }

    /** Reports each request's outcome to the controller. */
    private final class Observer implements LlmBackend {
        private final LlmBackend delegate;

        Observer(LlmBackend delegate) {
            this.delegate = delegate;
        }

        @Override
        public CompletionStage<LlmResponse> complete(LlmRequest request) {
            Ticket ticket = started();
            CompletionStage<LlmResponse> stage = DelegateCall.complete(delegate, request);
            return stage.whenComplete((response, error) -> finished(request, ticket, error));
        }

        @Override
        public String modelName() {
            return delegate.modelName();
        }
    }
}
