package io.augcon.core.output;

import io.augcon.api.SftRecord;
import java.io.Closeable;
import java.io.IOException;

/**
 * Where records go as they are produced. The pipeline calls it from one thread at a time, in
 * corpus order, and flushes after each root's records.
 */
public interface RecordSink extends Closeable {

    /** Takes one record. */
    void write(SftRecord record) throws IOException;

    /** Makes everything written so far durable; called after each root. */
    default void flush() throws IOException {}

    @Override
    default void close() throws IOException {}
}
