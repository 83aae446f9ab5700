package io.augcon.core.internal.run;

import io.augcon.api.SftRecord;
import io.augcon.core.event.NearDuplicate;
import io.augcon.core.event.PipelineListener;
import io.augcon.core.output.RecordSink;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Semaphore;

/**
 * Writes each root's records in corpus order as soon as every earlier root is written, so the
 * output file does not depend on the order LLM answers arrived in: the same input, seed and
 * answers give the same file. Releases one permit of {@code rootsInProgress} per root written,
 * which bounds how many finished-but-waiting roots are held in memory.
 */
public final class OrderedEmitter {
    private final RecordSink sink;
    private final PipelineListener listener;
    private final Semaphore rootsInProgress;
    private final CrossRootDedup crossRootDedup;
    private final Map<Long, List<SftRecord>> waiting = new HashMap<>();
    private long next;

    public OrderedEmitter(RecordSink sink, PipelineListener listener, Semaphore rootsInProgress) {
        this(sink, listener, rootsInProgress, null);
    }

    /**
     * An emitter that also passes every record, in corpus order, through {@code crossRootDedup}
     * ({@code null} for none) and writes only those it accepts.
     */
    public OrderedEmitter(RecordSink sink, PipelineListener listener, Semaphore rootsInProgress,
            CrossRootDedup crossRootDedup) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.rootsInProgress = Objects.requireNonNull(rootsInProgress, "rootsInProgress");
        this.crossRootDedup = crossRootDedup;
    }

    /** Root number {@code sequence} is done with {@code records}; writes whatever is now in order. */
    public synchronized void complete(long sequence, List<SftRecord> records) throws IOException {
        if (sequence < next || waiting.containsKey(sequence)) {
            throw new IllegalStateException("root " + sequence + " completed twice");
        }
        waiting.put(sequence, records);
        List<SftRecord> batch;
        while ((batch = waiting.remove(next)) != null) {
            for (SftRecord record : batch) {
                NearDuplicate duplicate = crossRootDedup == null ? null : crossRootDedup.check(record);
                if (duplicate != null) {
                    listener.recordDroppedAsDuplicate(record, duplicate);
                    continue;
                }
                sink.write(record);
                listener.recordWritten(record);
            }
            sink.flush();
            next++;
            rootsInProgress.release();
        }
    }
}
