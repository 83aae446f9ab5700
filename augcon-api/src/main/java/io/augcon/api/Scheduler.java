package io.augcon.api;

import io.augcon.api.internal.DaemonThreads;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Time for whatever waits on the clock: a monotonic clock and delayed tasks. The resilience
 * decorators (backoff, timeouts, circuit-breaker pauses) and the test kit's simulated servers
 * take one, so tests pass a scheduler whose time they advance by hand and nothing sleeps. The
 * system scheduler runs tasks on one shared daemon thread.
 *
 * <pre>{@code
 * Scheduler time = Scheduler.system();
 * Scheduler.Task t = time.schedule(() -> System.out.println("later"), Duration.ofMillis(50));
 * t.cancel();
 * }</pre>
 */
public interface Scheduler {

    /** A scheduled task that can still be called off. */
    @FunctionalInterface
    interface Task {
        /** Calls the task off if it has not run; harmless after it ran. */
        void cancel();
    }

    /** Monotonic time in nanoseconds, as {@link System#nanoTime()}: only differences mean anything. */
    long nanoTime();

    /**
     * Runs {@code task} once, {@code delay} from now (at once for zero or negative delays, but
     * never on the calling thread's stack). Tasks must be short: they share one thread.
     */
    Task schedule(Runnable task, Duration delay);

    /** The real clock, with tasks on one shared daemon thread. */
    static Scheduler system() {
        return SystemScheduler.INSTANCE;
    }

    /**
     * The real clock, with tasks on a daemon thread of its own named {@code threadName}: for a
     * component whose tasks must not wait behind those on the shared thread, or hold them back.
     */
    static Scheduler ownThread(String threadName) {
        return new SystemScheduler(threadName);
    }

    /** The real scheduler: {@link System#nanoTime()} and one daemon timer thread. */
    final class SystemScheduler implements Scheduler {
        static final SystemScheduler INSTANCE = new SystemScheduler("augcon-llm-timer");

        private final ScheduledExecutorService timer;
        private final String threadName;

        private SystemScheduler(String threadName) {
            this.threadName = Objects.requireNonNull(threadName, "threadName");
            this.timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named(threadName));
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public Task schedule(Runnable task, Duration delay) {
            Objects.requireNonNull(task, "task");
            long nanos = Math.max(0, delay.toNanos());
            ScheduledFuture<?> f = timer.schedule(task, nanos, TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        }

        @Override
        public String toString() {
            return this == INSTANCE ? "Scheduler.system()" : "Scheduler.ownThread(" + threadName + ")";
        }
    }
}
