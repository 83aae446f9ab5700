package io.augcon.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.api.Language;
import io.augcon.api.SftRecord;
import io.augcon.core.event.PipelineListener;
import io.augcon.core.internal.run.OrderedEmitter;
import io.augcon.core.output.RecordSink;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;

class OrderedEmitterTest {
    private final List<String> written = new ArrayList<>();
    private final Semaphore permits = new Semaphore(0);
    private final OrderedEmitter emitter = new OrderedEmitter(r -> written.add(r.id()), new PipelineListener() { }, permits);

    private static List<SftRecord> records(String... ids) {
        List<SftRecord> out = new ArrayList<>();
        for (String id : ids) {
            out.add(new SftRecord(id, "q", "r", "c", "d", "d#0", 0, null, Language.EN, 0, 1, "m", null));
        }
        return out;
    }

    @Test
    void rootsAreWrittenInSequenceOrderWhateverOrderTheyFinishIn() throws Exception {
        emitter.complete(2, records("c1"));
        emitter.complete(1, records("b1", "b2"));
        assertThat(written).isEmpty();
        assertThat(permits.availablePermits()).isZero();
        emitter.complete(0, records("a1"));
        assertThat(written).containsExactly("a1", "b1", "b2", "c1");
        assertThat(permits.availablePermits()).isEqualTo(3);
    }

    @Test
    void aRootWithoutRecordsStillAdvancesTheOrder() throws Exception {
        emitter.complete(1, records("b1"));
        emitter.complete(0, List.of());
        assertThat(written).containsExactly("b1");
    }

    @Test
    void completingARootTwiceIsABug() throws Exception {
        emitter.complete(0, records("a"));
        assertThatThrownBy(() -> emitter.complete(0, records("a"))).hasMessageContaining("twice");
    }

    /** A sink that logs writes and flushes in one list. */
    private static final class LoggingSink implements RecordSink {
        final List<String> log = new ArrayList<>();
        String failOn;

        @Override
        public void write(SftRecord record) throws IOException {
            if (record.id().equals(failOn)) {
                throw new IOException("disk full");
            }
            log.add(record.id());
        }

        @Override
        public void flush() {
            log.add("flush");
        }
    }

    @Test
    void theCompletingThreadWritesNothingAndRootsReadyDuringAFlushShareTheNextOne() {
        ArrayDeque<Runnable> output = new ArrayDeque<>();
        LoggingSink sink = new LoggingSink();
        OrderedEmitter onOutput = new OrderedEmitter(sink, new PipelineListener() { }, permits, null, output::add);

        CompletableFuture<Void> a = onOutput.complete(0, records("a1"));
        assertThat(sink.log).isEmpty();
        assertThat(output).hasSize(1);
        assertThat(a).isNotDone();
        // while the first write waits for its turn, two more roots become ready: no second task
        CompletableFuture<Void> c = onOutput.complete(2, records("c1"));
        CompletableFuture<Void> b = onOutput.complete(1, records("b1", "b2"));
        assertThat(output).hasSize(1);

        output.poll().run();
        assertThat(sink.log).containsExactly("a1", "b1", "b2", "c1", "flush");
        assertThat(List.of(a, b, c)).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(permits.availablePermits()).isEqualTo(3);
        assertThat(output).isEmpty();

        onOutput.complete(3, records("d1"));
        assertThat(output).hasSize(1);
        output.poll().run();
        assertThat(sink.log).endsWith("d1", "flush");
    }

    @Test
    void aFailedWriteFailsItsRootAndEveryLaterOneWithoutWritingMore() {
        LoggingSink sink = new LoggingSink();
        sink.failOn = "b1";
        OrderedEmitter direct = new OrderedEmitter(sink, new PipelineListener() { }, permits);

        assertThat(direct.complete(0, records("a1"))).isCompleted();
        CompletableFuture<Void> b = direct.complete(1, records("b1"));
        CompletableFuture<Void> c = direct.complete(2, records("c1"));

        assertThatThrownBy(b::join).isInstanceOf(CompletionException.class).hasRootCauseMessage("disk full");
        assertThatThrownBy(c::join).hasRootCauseMessage("disk full");
        assertThat(sink.log).containsExactly("a1", "flush");
        assertThat(permits.availablePermits()).isEqualTo(1);
    }
}
