package io.augcon.core.internal.run;

import io.augcon.api.Document;
import io.augcon.api.RootContext;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Starts the roots of a document stream with at most {@code window} of them in progress, so a run
 * holds a bounded part of the corpus however large it is. Each root takes a permit of {@link
 * #permits()} before it starts; whoever finishes a root gives the permit back (the {@link
 * OrderedEmitter} in corpus order, or the root itself as it ends). The first root that fails stops
 * the feeding and wakes the feeder, which may be waiting for permits that will never come back.
 *
 * <pre>{@code
 * RootFeeder feeder = new RootFeeder(64);
 * Throwable failure = feeder.feed(documents, cutter::cut, () -> false, (document, roots) -> { },
 *         root -> job(root).whenComplete((done, error) -> feeder.permits().release()));
 * }</pre>
 */
public final class RootFeeder {
    private final int window;
    private final Semaphore permits;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /** @param window how many roots may be in progress at once */
    public RootFeeder(int window) {
        this.window = window;
        this.permits = new Semaphore(window);
    }

    /** One permit a root in progress: a finished root releases its own. */
    public Semaphore permits() {
        return permits;
    }

    /**
     * Reads {@code documents} until they end, {@code enough} says so or a root has failed; cuts
     * each with {@code roots} (given the sequence of its first root in corpus order), tells {@code
     * read}, and starts each root with {@code start} once a permit is free. Then waits for the
     * permits of all roots.
     *
     * @return the first failure of a started root, or {@code null} when none failed
     */
    public Throwable feed(Iterator<Document> documents, BiFunction<Document, Long, List<RootContext>> roots,
            BooleanSupplier enough, BiConsumer<Document, List<RootContext>> read,
            Function<RootContext, CompletionStage<?>> start) throws InterruptedException {
        long sequence = 0;
        while (!enough.getAsBoolean() && failure.get() == null && documents.hasNext()) {
            Document document = documents.next();
            List<RootContext> cut = roots.apply(document, sequence);
            read.accept(document, cut);
            for (int i = 0; i < cut.size() && failure.get() == null; i++) {
                permits.acquire();
                start.apply(cut.get(i)).whenComplete((done, error) -> {
                    if (error != null && failure.compareAndSet(null, error)) {
                        permits.release(window + 1);
                    }
                });
            }
            sequence += cut.size();
        }
        permits.acquire(window);
        return failure.get();
    }
}
