package io.augcon.core.llm;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Time for the resilience decorators: a monotonic clock and delayed tasks. The system scheduler
 * runs tasks on one shared daemon thread; tests pass a scheduler whose time they advance by
 * hand, so backoff, timeouts and circuit-breaker pauses are tested without sleeping.
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

    /** The real scheduler: {@link System#nanoTime()} and one daemon timer thread for the JVM. */
    final class SystemScheduler implements Scheduler {
        static final SystemScheduler INSTANCE = new SystemScheduler();

        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "augcon-llm-timer");
            t.setDaemon(true);
            return t;
        });

        private SystemScheduler() {}

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
            return "Scheduler.system()";
        }
    }
}
