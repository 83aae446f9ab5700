package io.augcon.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PartitionBridgeTest {
    private static final int INBOX = 2;
    private static final int OUTBOX = 4;

    @Test
    void theWorkersOutputComesOutInItsOrder() {
        Iterator<Integer> input = IntStream.range(0, 100).boxed().iterator();
        PartitionBridge<Integer, Integer> bridge = PartitionBridge.start("test", input, (in, out) -> {
            while (in.hasNext()) {
                out.accept(in.next() * 10);
            }
        }, INBOX, OUTBOX, () -> false);

        assertThat(drain(bridge)).isEqualTo(IntStream.range(0, 100).map(i -> i * 10).boxed().toList());
    }

    @Test
    void theInputIsReadOnlyAFewItemsAheadOfTheConsumer() {
        AtomicInteger read = new AtomicInteger();
        Iterator<Integer> endless = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                return read.incrementAndGet();
            }
        };
        PartitionBridge<Integer, Integer> bridge = PartitionBridge.start("test", endless, (in, out) -> {
            while (in.hasNext()) {
                out.accept(in.next());
            }
        }, INBOX, OUTBOX, () -> false);

        for (int i = 1; i <= 20; i++) {
            assertThat(bridge.next()).isEqualTo(i);
        }
        bridge.close();

        // 20 consumed, at most OUTBOX written and waiting, INBOX read and waiting, and one in the worker's hands.
        assertThat(read.get()).isBetween(20, 20 + OUTBOX + INBOX + 1);
    }

    @Test
    void aCheckedFailureOfTheWorkerReachesTheTaskAfterTheOutputBeforeIt() {
        PartitionBridge<Integer, Integer> bridge = PartitionBridge.start("test", List.of(1, 2, 3).iterator(), (in, out) -> {
            out.accept(in.next());
            throw new IOException("disk full");
        }, INBOX, OUTBOX, () -> false);

        assertThat(bridge.next()).isEqualTo(1);
        assertThatThrownBy(bridge::hasNext).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("disk full").hasCauseInstanceOf(IOException.class);
    }

    @Test
    void anUncheckedFailureOfTheWorkerReachesTheTaskAsItIs() {
        IllegalArgumentException failure = new IllegalArgumentException("bad stage");
        PartitionBridge<Integer, Integer> bridge = PartitionBridge.start("test", List.of(1).iterator(), (in, out) -> {
            throw failure;
        }, INBOX, OUTBOX, () -> false);

        assertThatThrownBy(bridge::hasNext).isSameAs(failure);
    }

    @Test
    void aFailureReadingTheInputReachesTheTaskAndStopsTheWorker() throws InterruptedException {
        Iterator<Integer> failing = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                throw new IllegalStateException("row 3 cannot be read");
            }
        };
        WorkerEnd end = new WorkerEnd();
        PartitionBridge<Integer, Integer> bridge = PartitionBridge.start("test", failing, end.watching((in, out) -> {
            while (in.hasNext()) {
                out.accept(in.next());
            }
        }), INBOX, OUTBOX, () -> false);

        assertThatThrownBy(bridge::hasNext).hasMessage("row 3 cannot be read");
        assertThat(end.await()).isInstanceOf(CancellationException.class);
    }

    @Test
    void closingStopsAWorkerThatWaitsForInput() throws InterruptedException {
        WorkerEnd end = new WorkerEnd();
        PartitionBridge<Integer, Integer> bridge = PartitionBridge.start("test", List.of(1, 2).iterator(),
                end.watching((in, out) -> {
                    while (in.hasNext()) {
                        out.accept(in.next());
                    }
                }), INBOX, OUTBOX, () -> false);

        bridge.close(); // nobody asked for output, so nothing was read: the worker waits for its first document

        assertThat(end.await()).isInstanceOf(CancellationException.class);
    }

    @Test
    void closingStopsAWorkerThatWaitsToWrite() throws InterruptedException {
        WorkerEnd end = new WorkerEnd();
        PartitionBridge<Integer, Integer> bridge = PartitionBridge.start("test", List.of(1).iterator(),
                end.watching((in, out) -> {
                    for (int i = 0; ; i++) {
                        out.accept(i);
                    }
                }), INBOX, OUTBOX, () -> false);
        assertThat(bridge.next()).isZero();

        bridge.close();

        assertThat(end.await()).isInstanceOf(CancellationException.class);
    }

    @Test
    void aTaskCancelledWithoutAnInterruptStopsWaitingAndStopsTheWorker() throws InterruptedException {
        AtomicBoolean cancelled = new AtomicBoolean();
        CountDownLatch working = new CountDownLatch(1);
        WorkerEnd end = new WorkerEnd();
        PartitionBridge<Integer, Integer> bridge = PartitionBridge.start("test", List.of(1).iterator(),
                end.watching((in, out) -> {
                    in.next();
                    working.countDown();
                    new CountDownLatch(1).await(); // a slow document: no output until interrupted
                }), INBOX, OUTBOX, cancelled::get);
        AtomicReference<Throwable> seenByTask = new AtomicReference<>();
        Thread consumer = new Thread(() -> {
            try {
                bridge.hasNext();
            } catch (RuntimeException e) {
                seenByTask.set(e);
            }
        });
        consumer.start();
        assertThat(working.await(10, TimeUnit.SECONDS)).isTrue();

        cancelled.set(true);

        consumer.join(10_000);
        assertThat(consumer.isAlive()).as("the task's thread still waits").isFalse();
        assertThat(seenByTask.get()).isInstanceOf(CancellationException.class);
        assertThat(end.await()).isInstanceOf(InterruptedException.class);
    }

    private static List<Integer> drain(Iterator<Integer> bridge) {
        List<Integer> out = new ArrayList<>();
        bridge.forEachRemaining(out::add);
        return out;
    }

    /** How a worker ended: what it threw, seen once its thread is done with it. */
    private static final class WorkerEnd {
        private final CountDownLatch ended = new CountDownLatch(1);
        private final AtomicReference<Throwable> thrown = new AtomicReference<>();

        PartitionBridge.Worker<Integer, Integer> watching(PartitionBridge.Worker<Integer, Integer> worker) {
            return (in, out) -> {
                try {
                    worker.run(in, out);
                } catch (Exception | Error e) {
                    thrown.set(e);
                    throw e;
                } finally {
                    ended.countDown();
                }
            };
        }

        Throwable await() throws InterruptedException {
            assertThat(ended.await(10, TimeUnit.SECONDS)).as("the worker ended").isTrue();
            return thrown.get();
        }
    }
}
