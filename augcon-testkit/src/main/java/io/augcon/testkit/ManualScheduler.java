package io.augcon.testkit;

import io.augcon.api.Scheduler;
import io.augcon.api.internal.DaemonThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Scheduler} on virtual time, for tests of backoff, timeouts and pauses that must not
 * sleep. Two modes:
 * <ul>
 *   <li>{@link #ManualScheduler()}: time stands still until the test calls {@link #advance};
 *       due tasks then run on the test's thread, in time order.</li>
 *   <li>{@link #autoAdvancing()}: every task runs as soon as it is scheduled (on one daemon
 *       thread, in due order), with the clock jumped to its due time; for end-to-end runs where
 *       nobody is there to advance time, but the waits asked for must be checked. It suits
 *       waits meant to pass (backoff, pauses), not deadlines meant to be beaten: the run's
 *       request timeout on it times out every call that does not answer at once, so a run whose
 *       backend answers from another thread (a loopback server) sets
 *       {@code Resilience.NO_REQUEST_TIMEOUT}.</li>
 * </ul>
 * Both record every delay asked for ({@link #delays()}).
 *
 * <pre>{@code
 * ManualScheduler time = new ManualScheduler();
 * LlmBackend retrying = new RetryingBackend(backend, RetryPolicy.defaults(), time, ResilienceListener.NONE);
 * retrying.complete(request);          // fails once with a 500
 * time.advance(Duration.ofMillis(500)); // the retry goes out now
 * }</pre>
 */
public final class ManualScheduler implements Scheduler {
    private final PriorityQueue<Entry> due = new PriorityQueue<>();
    private final List<Duration> delays = new ArrayList<>();
    private final ExecutorService runner;
    private final Semaphore scheduled = new Semaphore(0);
    private long now;
    private long sequence;

    /** Time moves only through {@link #advance}. */
    public ManualScheduler() {
        this(null);
    }

    private ManualScheduler(ExecutorService runner) {
        this.runner = runner;
    }

    /** Time jumps to each task as it is scheduled; tasks run at once on a daemon thread. */
    public static ManualScheduler autoAdvancing() {
        return new ManualScheduler(Executors.newSingleThreadExecutor(DaemonThreads.named("augcon-virtual-time")));
    }

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public Task schedule(Runnable task, Duration delay) {
        Objects.requireNonNull(task, "task");
        Entry entry;
        synchronized (this) {
            delays.add(delay);
            entry = new Entry(now + Math.max(0, delay.toNanos()), sequence++, task);
            due.add(entry);
        }
        scheduled.release();
        if (runner != null) {
            runner.execute(this::runEarliest);
        }
        return () -> {
            synchronized (this) {
                due.remove(entry);
            }
        };
    }

    /**
     * Moves time forward by {@code step}, running every task that falls due on the way, in due
     * order, on the calling thread (tasks scheduled by those tasks included, if they fall due).
     */
    public void advance(Duration step) {
        long target;
        synchronized (this) {
            target = now + step.toNanos();
        }
        while (true) {
            Entry next;
            synchronized (this) {
                next = due.peek();
                if (next == null || next.at > target) {
                    now = target;
                    return;
                }
                due.poll();
                now = Math.max(now, next.at);
            }
            next.task.run();
        }
    }

    /** Every delay asked for so far, in order. */
    public synchronized List<Duration> delays() {
        return List.copyOf(delays);
    }

    /** Waits until {@code count} more tasks have been scheduled (by other threads), at most 10 s. */
    public void awaitScheduled(int count) throws InterruptedException {
        if (!scheduled.tryAcquire(count, 10, TimeUnit.SECONDS)) {
            throw new IllegalStateException(count + " tasks were not scheduled within 10 s");
        }
    }

    /** When the tasks not yet run or cancelled fall due, in nanoseconds of this clock, earliest first. */
    public synchronized List<Long> pendingDueTimes() {
        return due.stream().sorted().map(e -> e.at).toList();
    }

    /** Tasks scheduled and not yet run or cancelled. */
    public synchronized int pending() {
        return due.size();
    }

    private void runEarliest() {
        Entry next;
        synchronized (this) {
            next = due.poll();
            if (next == null) {
                return;
            }
            now = Math.max(now, next.at);
        }
        next.task.run();
    }

    private static final class Entry implements Comparable<Entry> {
        final long at;
        final long order;
        final Runnable task;

        Entry(long at, long order, Runnable task) {
            this.at = at;
            this.order = order;
            this.task = task;
        }

        @Override
        public int compareTo(Entry o) {
            return at != o.at ? Long.compare(at, o.at) : Long.compare(order, o.order);
        }
    }
}
