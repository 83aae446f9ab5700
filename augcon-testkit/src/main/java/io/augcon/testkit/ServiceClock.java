package io.augcon.testkit;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Time for {@link ServiceSlots}: what the time is and how to run a task later. The system clock
 * serves benchmarks; a test gives its own, advanced by hand, so no test sleeps.
 */
public interface ServiceClock {
    /** The current time in nanoseconds, from an arbitrary origin (as {@link System#nanoTime()}). */
    long nanoTime();

    /** Runs {@code task} once, {@code delayNanos} from now. */
    void schedule(Runnable task, long delayNanos);

    /** {@link System#nanoTime()} and one daemon timer thread. */
    static ServiceClock system() {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "service-slots-timer");
            t.setDaemon(true);
            return t;
        });
        return new ServiceClock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void schedule(Runnable task, long delayNanos) {
                timer.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
            }
        };
    }
}
