package io.augcon.core.internal.run;

import io.augcon.api.SftRecord;
import io.augcon.core.event.NearDuplicate;
import io.augcon.core.event.PipelineListener;
import io.augcon.core.output.RecordSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;

/**
 * Writes each root's records in corpus order as soon as every earlier root is written, so the
 * output file does not depend on the order LLM answers arrived in: the same input, seed and
 * answers give the same file. Releases one permit of {@code rootsInProgress} per root written,
 * which bounds how many finished-but-waiting roots are held in memory.
 *
 * <p>The writing runs on the {@code output} executor, not on the thread that completes a root: a
 * sink's {@link RecordSink#flush() flush} may wait for the disk (the resumable writer forces its
 * file), and the completing thread is one of the run's few CPU threads. Roots that become ready
 * while a flush is under way are written together and share the next flush (group commit): a root
 * still counts as written, and its permit comes back, only once a flush after its records has
 * returned. With a direct executor ({@code Runnable::run}) everything happens on the completing
 * thread, one flush per batch of roots that became ready together.
 *
 * <p>After the sink fails, nothing more is written: that root and every later one fail with the
 * same cause.
 */
public final class OrderedEmitter {
    private final RecordSink sink;
    private final PipelineListener listener;
    private final Semaphore rootsInProgress;
    private final CrossRootDedup crossRootDedup;
    private final Executor output;
    private final Map<Long, Root> waiting = new HashMap<>();
    private final ArrayDeque<Root> inOrder = new ArrayDeque<>();
    private long next;
    private boolean draining;
    private Throwable failed;

    /** An emitter that writes on the completing thread, without cross-root dedup. */
    public OrderedEmitter(RecordSink sink, PipelineListener listener, Semaphore rootsInProgress) {
        this(sink, listener, rootsInProgress, null, Runnable::run);
    }

    /**
     * An emitter that also passes every record, in corpus order, through {@code crossRootDedup}
     * ({@code null} for none) and writes only those it accepts, writing and flushing on {@code
     * output} (one task at a time is ever submitted to it).
     */
    public OrderedEmitter(RecordSink sink, PipelineListener listener, Semaphore rootsInProgress,
            CrossRootDedup crossRootDedup, Executor output) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.rootsInProgress = Objects.requireNonNull(rootsInProgress, "rootsInProgress");
        this.crossRootDedup = crossRootDedup;
        this.output = Objects.requireNonNull(output, "output");
    }

    /** A finished root's records and the stage that completes once they are written and flushed. */
    private record Root(List<SftRecord> records, CompletableFuture<Void> written) {
    }

    /**
     * Root number {@code sequence} is done with {@code records}: whatever is now in order is
     * written. The stage completes once this root's records are written and flushed, or fails
     * with the sink's failure.
     *
     * @throws IllegalStateException when {@code sequence} was completed before
     */
    public CompletableFuture<Void> complete(long sequence, List<SftRecord> records) {
        Root root = new Root(records, new CompletableFuture<>());
        boolean start;
        synchronized (this) {
            if (sequence < next || waiting.containsKey(sequence)) {
                throw new IllegalStateException("root " + sequence + " completed twice");
            }
            waiting.put(sequence, root);
            Root ready;
            while ((ready = waiting.remove(next)) != null) {
                inOrder.add(ready);
                next++;
            }
            start = !draining && !inOrder.isEmpty();
            draining |= start;
        }
        if (start) {
            output.execute(this::drain);
        }
        return root.written();
    }

    /** Writes the roots in order, a flush per batch taken, until none is left. */
    private void drain() {
        while (true) {
            List<Root> batch;
            synchronized (this) {
                if (inOrder.isEmpty()) {
                    draining = false;
                    return;
                }
                batch = new ArrayList<>(inOrder);
                inOrder.clear();
            }
            if (failed == null) {
                try {
                    write(batch);
                } catch (IOException e) {
                    failed = new UncheckedIOException(e);
                } catch (RuntimeException | Error e) {
                    failed = e;
                }
            }
            for (Root root : batch) {
                if (failed == null) {
                    rootsInProgress.release();
                    root.written().complete(null);
                } else {
                    root.written().completeExceptionally(failed);
                }
            }
        }
    }

    private void write(List<Root> batch) throws IOException {
        for (Root root : batch) {
            for (SftRecord record : root.records()) {
                NearDuplicate duplicate = crossRootDedup == null ? null : crossRootDedup.check(record);
                if (duplicate != null) {
                    listener.recordDroppedAsDuplicate(record, duplicate);
                    continue;
                }
                sink.write(record);
                listener.recordWritten(record);
            }
        }
        sink.flush();
    }
}
