package io.augcon.spark;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Streams a partition through a blocking worker that runs on a thread of its own. Spark hands a
 * task an input iterator and wants an output iterator back, both used on the task's thread; the
 * engine instead pulls documents and pushes records from its own threads until the input ends. So
 * the task's thread alone reads the input (Spark's row iterators belong to it) and puts each item
 * in a small inbox the worker reads, and takes the worker's output from a small outbox. Neither
 * side holds more than a few items, so a partition of any size streams.
 *
 * <p>The task's thread waits only when the outbox is empty and it cannot read more input (the
 * input ended or the inbox is full); the worker then either takes input or writes output, so
 * the two never wait for each other. {@link #close} (Spark's task-completion hook) stops a worker
 * that is still running, e.g. when the task was killed or its consumer stopped reading. A task
 * that Spark cancels without interrupting its thread is noticed within {@link #CANCEL_CHECK_MS}:
 * the task's thread asks the given check whenever it wakes or that time passes.
 *
 * <pre>{@code
 * PartitionBridge<Document, SftRecord> bridge = PartitionBridge.start("partition-3", documents,
 *         (in, out) -> augcon.run(stream(in), out::accept), 2, 256, task::isInterrupted);
 * while (bridge.hasNext()) { use(bridge.next()); }
 * }</pre>
 *
 * @param <I> what the worker reads
 * @param <O> what it writes
 */
final class PartitionBridge<I, O> implements Iterator<O>, AutoCloseable {
    /** How long the task's thread waits at most before it asks again whether the task was cancelled. */
    static final long CANCEL_CHECK_MS = 200;

    /** The blocking work: reads {@code input} until it ends and writes to {@code output}. */
    @FunctionalInterface
    interface Worker<I, O> {
        void run(Iterator<I> input, Consumer<O> output) throws Exception;
    }

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled on every change of the boxes or the flags below. */
    private final Condition changed = lock.newCondition();
    private final Iterator<I> source;
    private final BooleanSupplier cancelled;
    private final int inboxCapacity;
    private final int outboxCapacity;
    private final ArrayDeque<I> inbox = new ArrayDeque<>();
    private final ArrayDeque<O> outbox = new ArrayDeque<>();
    private boolean sourceEnded;
    private boolean workerEnded;
    private boolean closed;
    private Throwable failure;
    private Thread thread;

    private PartitionBridge(Iterator<I> source, int inboxCapacity, int outboxCapacity, BooleanSupplier cancelled) {
        this.source = source;
        this.cancelled = cancelled;
        this.inboxCapacity = inboxCapacity;
        this.outboxCapacity = outboxCapacity;
    }

    /**
     * Starts {@code worker} on a daemon thread named {@code name}, reading {@code source} through an
     * inbox and writing through an outbox of the given sizes; {@code cancelled} tells when the task
     * was cancelled.
     */
    static <I, O> PartitionBridge<I, O> start(String name, Iterator<I> source, Worker<I, O> worker, int inboxCapacity,
            int outboxCapacity, BooleanSupplier cancelled) {
        PartitionBridge<I, O> bridge = new PartitionBridge<>(source, inboxCapacity, outboxCapacity, cancelled);
        bridge.thread = new Thread(() -> bridge.work(worker), name);
        bridge.thread.setDaemon(true);
        bridge.thread.start();
        return bridge;
    }

    private void work(Worker<I, O> worker) {
        Throwable error = null;
        try {
            worker.run(new Inbox(), this::put);
        } catch (Throwable t) {
            error = t;
        }
        lock.lock();
        try {
            workerEnded = true;
            failure = error;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * True while the worker has output or may still write some; reads input meanwhile.
     *
     * @throws RuntimeException what the worker threw (checked exceptions wrapped), or what reading
     *                          the input threw
     */
    @Override
    public boolean hasNext() {
        lock.lock();
        try {
            while (true) {
                if (!outbox.isEmpty()) {
                    return true;
                }
                if (workerEnded) {
                    if (failure != null) {
                        throw rethrown(failure);
                    }
                    return false;
                }
                if (closed || cancelled.getAsBoolean()) {
                    close();
                    throw new CancellationException("the partition's task was cancelled");
                }
                if (!sourceEnded && inbox.size() < inboxCapacity) {
                    readOne();
                } else {
                    changed.await(CANCEL_CHECK_MS, TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new CancellationException("interrupted while waiting for the partition's worker");
        } finally {
            lock.unlock();
        }
    }

    /** Reads one input item without holding the lock (reading may be slow) and puts it in the inbox. */
    private void readOne() {
        lock.unlock();
        boolean more;
        I item = null;
        try {
            more = source.hasNext();
            if (more) {
                item = source.next();
            }
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        } finally {
            lock.lock();
        }
        if (more) {
            inbox.add(item);
        } else {
            sourceEnded = true;
        }
        changed.signalAll();
    }

    @Override
    public O next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return take(outbox);
    }

    /** The head of {@code box}, which the caller saw non-empty. */
    private <T> T take(ArrayDeque<T> box) {
        lock.lock();
        try {
            T item = box.poll();
            changed.signalAll();
            return item;
        } finally {
            lock.unlock();
        }
    }

    /** Stops the worker if it is still running (interrupting it) and makes it fail its next read or write. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (thread != Thread.currentThread() && thread.isAlive()) {
            thread.interrupt();
        }
    }

    private void put(O item) {
        lock.lock();
        try {
            while (outbox.size() >= outboxCapacity) {
                awaitOnWorker();
            }
            if (closed) {
                throw new CancellationException("the partition was closed");
            }
            outbox.add(item);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits for a change, on the worker's thread; a close or an interrupt ends the worker. */
    private void awaitOnWorker() {
        if (closed) {
            throw new CancellationException("the partition was closed");
        }
        try {
            changed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("the partition's worker was interrupted");
        }
    }

    private static RuntimeException rethrown(Throwable failure) {
        if (failure instanceof RuntimeException) {
            return (RuntimeException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        return new IllegalStateException("the partition's pipeline failed: " + failure, failure);
    }

    /** The worker's view of the input. */
    private final class Inbox implements Iterator<I> {
        @Override
        public boolean hasNext() {
            lock.lock();
            try {
                while (inbox.isEmpty() && !sourceEnded) {
                    awaitOnWorker();
                }
                return !inbox.isEmpty();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public I next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return take(inbox);
        }
    }
}
