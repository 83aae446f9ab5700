package io.augcon.core.output;

import io.augcon.api.SftRecord;
import java.io.Closeable;
import java.io.IOException;

/**
 * Where records go as they are produced. The pipeline calls it from one thread at a time (a
 * thread of the run's own, not one of its CPU threads), in corpus order, and flushes after each
 * root's records or after a batch of roots written together.
 */
public interface RecordSink extends Closeable {

    /** Takes one record. */
    void write(SftRecord record) throws IOException;

    /**
     * Makes everything written so far durable. The run calls it after each root's records, or
     * once after the records of several roots that were ready to be written together, and counts
     * those roots as written only once it has returned. Called from one thread at a time.
     */
    default void flush() throws IOException {}

    @Override
    default void close() throws IOException {}
}
