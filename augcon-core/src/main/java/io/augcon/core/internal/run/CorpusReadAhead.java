package io.augcon.core.internal.run;

import io.augcon.api.Document;
import io.augcon.api.Language;
import io.augcon.api.RootContext;
import io.augcon.core.filter.Quota;
import io.augcon.core.respond.CorpusOutlook;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * What one run has read of its corpus, for the automatic demonstration search budget: the pairs
 * owed per language by the roots read, settled once and for all at the first of
 * <ul>
 *   <li>the end of the document stream: the counts are the whole job's;</li>
 *   <li>a document that takes the roots read past the {@link RootFeeder}'s window: the corpus is
 *       larger than the run holds at once, and the feeder may now wait for a root whose answers
 *       wait for the search, so the search cannot wait any longer;</li>
 *   <li>feeding stopping for any other reason (a failed root).</li>
 * </ul>
 * The first two depend only on the corpus and the window, never on timing, so a rerun sizes the
 * search alike. The outlook is completed on {@code executor}, so the search starts off the
 * feeding thread.
 *
 * <pre>{@code
 * CorpusReadAhead readAhead = new CorpusReadAhead(64, quota, cpu);
 * feeder.feed(readAhead.watch(documents), cutter, () -> false, (document, roots) -> readAhead.read(roots), start);
 * readAhead.stopped();
 * }</pre>
 */
public final class CorpusReadAhead {
    private final int window;
    private final Quota quota;
    private final Executor executor;
    private final CompletableFuture<CorpusOutlook> outlook = new CompletableFuture<>();
    /** Touched only by the feeding thread. */
    private final Map<Language, Long> pairs = new EnumMap<>(Language.class);
    private long roots;
    private boolean settled;

    /**
     * @param window   the most roots a run holds in progress
     * @param quota    the pairs each root owes
     * @param executor completes the outlook
     */
    public CorpusReadAhead(int window, Quota quota, Executor executor) {
        this.window = window;
        this.quota = quota;
        this.executor = executor;
    }

    /** The outlook, completed once settled. */
    public CompletableFuture<CorpusOutlook> outlook() {
        return outlook;
    }

    /** {@code documents}, settling the outlook as complete when they end. */
    public Iterator<Document> watch(Iterator<Document> documents) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                boolean more = documents.hasNext();
                if (!more) {
                    settle(true);
                }
                return more;
            }

            @Override
            public Document next() {
                return documents.next();
            }
        };
    }

    /** Counts a document's roots before any of them starts. */
    public void read(List<RootContext> cut) {
        if (settled) {
            return;
        }
        for (RootContext root : cut) {
            pairs.merge(root.language(), (long) quota.pairsFor(root), Long::sum);
        }
        roots += cut.size();
        if (roots > window) {
            settle(false);
        }
    }

    /** Settles the outlook with what was read, if nothing settled it before: feeding has stopped. */
    public void stopped() {
        settle(false);
    }

    private void settle(boolean complete) {
        if (settled) {
            return;
        }
        settled = true;
        CorpusOutlook known = new CorpusOutlook(pairs, complete);
        executor.execute(() -> outlook.complete(known));
    }
}
