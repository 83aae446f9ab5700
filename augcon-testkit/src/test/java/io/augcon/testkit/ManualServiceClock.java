package io.augcon.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** A {@link ServiceClock} that moves only when a test advances it. */
final class ManualServiceClock implements ServiceClock {
    private record Task(long due, long order, Runnable run) {}

    private final PriorityQueue<Task> tasks = new PriorityQueue<>(
            (a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.order, b.order));
    private final Semaphore scheduled = new Semaphore(0);
    private long now;
    private long order;

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public void schedule(Runnable task, long delayNanos) {
        synchronized (this) {
            tasks.add(new Task(now + delayNanos, order++, task));
        }
        scheduled.release();
    }

    /** Waits until {@code count} more tasks have been scheduled (by other threads). */
    void awaitScheduled(int count) throws InterruptedException {
        if (!scheduled.tryAcquire(count, 10, TimeUnit.SECONDS)) {
            throw new IllegalStateException(count + " tasks were not scheduled within 10 s");
        }
    }

    /** Moves time forward by {@code nanos}, running every task that falls due, in due order. */
    void advance(long nanos) {
        long until;
        synchronized (this) {
            until = now + nanos;
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.due > until) {
                    now = until;
                    return;
                }
                tasks.poll();
                now = next.due;
            }
            next.run.run();
        }
    }

    synchronized List<Long> pendingDueTimes() {
        List<Long> due = new ArrayList<>();
        tasks.forEach(t -> due.add(t.due));
        return due;
    }
}
