package io.augcon.testkit;

import io.augcon.api.Scheduler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * A model of an inference server's capacity: a fixed number of slots (a vLLM server's batch),
 * each serving one request for {@code perRequest + outputTokens * perOutputToken}; requests that
 * find every slot busy wait in arrival order. Every service interval is logged, so a benchmark
 * can tell how busy the client kept the server ({@link ServiceLog#utilization}).
 *
 * <pre>{@code
 * ServiceSlots slots = ServiceSlots.builder().slots(64).perRequest(Duration.ofMillis(200)).build();
 * LoopbackOpenAiServer server = LoopbackOpenAiServer.builder().handler(ScriptedLlm.immediate())
 *         .serviceSlots(slots).build().start();
 * // ... run a pipeline against server.baseUrl() ...
 * double busy = slots.log().utilization(0.1);   // mean share of slots in service
 * }</pre>
 *
 * <p>Thread-safe. The reply of a request runs on the clock's thread when its service ends.
 */
public final class ServiceSlots {
    private final int slots;
    private final long perRequestNanos;
    private final long perTokenNanos;
    private final Scheduler clock;

    private final Object lock = new Object();
    private final Deque<Waiting> queue = new ArrayDeque<>();
    private final List<ServiceLog.Interval> intervals = new ArrayList<>();
    private int busy;
    /** When the slots were last all busy and one came free; a request cannot start before. */
    private long lastFreed = Long.MIN_VALUE;

    private record Waiting(long arrival, long serviceNanos, Runnable reply) {}

    private ServiceSlots(Builder b) {
        this.slots = b.slots;
        this.perRequestNanos = b.perRequest.toNanos();
        this.perTokenNanos = b.perOutputToken.toNanos();
        // Its own timer, not the shared one: replies run on it, and on the client's timer a slow reply
        // would hold back the client's backoff and timeouts, which the benchmarks measure.
        this.clock = b.clock != null ? b.clock : Scheduler.ownThread("service-slots-timer");
    }

    /** A builder: 1 slot, no latency, the system clock. */
    public static Builder builder() {
        return new Builder();
    }

    /** How many requests are served at once. */
    public int slots() {
        return slots;
    }

    /** The clock's time now, for {@link #serve(long, long, Runnable)}'s arrival. */
    public long now() {
        return clock.nanoTime();
    }

    /**
     * A request arrives now whose answer has {@code outputTokens} tokens: it is served as soon as
     * a slot is free, and {@code reply} runs when its service time is over.
     */
    public void serve(long outputTokens, Runnable reply) {
        serve(clock.nanoTime(), outputTokens, reply);
    }

    /**
     * A request that arrived at {@code arrival} ({@link #now()} then) and whose answer, now known,
     * has {@code outputTokens} tokens. Its service counts from its arrival when a slot was free
     * then, as a server's own reading and answering of a request is part of its service time.
     */
    public void serve(long arrival, long outputTokens, Runnable reply) {
        Objects.requireNonNull(reply, "reply");
        if (outputTokens < 0) {
            throw new IllegalArgumentException("outputTokens must be >= 0, was " + outputTokens);
        }
        Waiting request = new Waiting(arrival, perRequestNanos + outputTokens * perTokenNanos, reply);
        long start;
        synchronized (lock) {
            if (busy >= slots) {
                queue.addLast(request);
                return;
            }
            busy++;
            start = Math.max(arrival, lastFreed);
        }
        start(request, start);
    }

    private void start(Waiting request, long start) {
        long delay = Math.max(0, start + request.serviceNanos() - clock.nanoTime());
        clock.schedule(() -> finish(request, start), Duration.ofNanos(delay));
    }

    private void finish(Waiting request, long started) {
        long now = clock.nanoTime();
        Waiting next;
        synchronized (lock) {
            intervals.add(new ServiceLog.Interval(request.arrival(), started, now));
            next = queue.pollFirst();
            if (next == null) {
                if (busy == slots) {
                    lastFreed = now;
                }
                busy--;
            }
        }
        // The freed slot takes the next request before this reply is written, as a server would.
        if (next != null) {
            start(next, now);
        }
        request.reply().run();
    }

    /** Requests waiting for a slot now. */
    public int queued() {
        synchronized (lock) {
            return queue.size();
        }
    }

    /** A snapshot of the requests served so far. */
    public ServiceLog log() {
        synchronized (lock) {
            return new ServiceLog(slots, intervals);
        }
    }

    /** Configures {@link ServiceSlots}. */
    public static final class Builder {
        private int slots = 1;
        private Duration perRequest = Duration.ZERO;
        private Duration perOutputToken = Duration.ZERO;
        private Scheduler clock;

        private Builder() {}

        /** Requests served at once; default 1. */
        public Builder slots(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("slots must be >= 1, was " + value);
            }
            this.slots = value;
            return this;
        }

        /** Service time of every request, whatever its length; default zero. */
        public Builder perRequest(Duration value) {
            this.perRequest = nonNegative("perRequest", value);
            return this;
        }

        /** Service time added per output token of the answer; default zero. */
        public Builder perOutputToken(Duration value) {
            this.perOutputToken = nonNegative("perOutputToken", value);
            return this;
        }

        /** The clock and timer; default the system clock with a timer thread of this server's own. */
        public Builder clock(Scheduler value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        private static Duration nonNegative(String name, Duration value) {
            if (value == null || value.isNegative()) {
                throw new IllegalArgumentException(name + " must be >= 0, was " + value);
            }
            return value;
        }

        /** The slots, all free, with an empty log. */
        public ServiceSlots build() {
            return new ServiceSlots(this);
        }
    }
}
