package io.augcon.core.internal.run;

import io.augcon.api.AsyncFailure;
import io.augcon.api.CandidateQuery;
import io.augcon.api.Document;
import io.augcon.api.NodeExpander;
import io.augcon.api.QueryScorer;
import io.augcon.api.RootContext;
import io.augcon.core.event.PipelineListener;
import io.augcon.core.scoring.PairTrainer;
import io.augcon.core.scoring.QueryPair;
import io.augcon.core.tree.ContextSplitTree;
import io.augcon.core.tree.TreeRules;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The paper's order of work for a run that trains its own scorer: grow trees first, train the
 * scorer on their queries against weaker-prompt negatives, then rank. The warm-up grows the first
 * tree of roots from the start of the corpus until it holds enough positive queries, asks for the
 * negatives, and trains; the main pass then grows the same trees with the same seeds and gets
 * their expansions from memory ({@link #mainPass()}), so the warm-up costs only the negatives.
 */
public final class ScorerWarmup {
    /** Below this many usable pairs no scorer is trained; the run keeps generation order and says so. */
    public static final int MIN_PAIRS = 16;

    /** What the warm-up produced. */
    public record Outcome(QueryScorer scorer, String note, List<Document> documentsRead, int pairs) {}

    private final ExpansionMemo memo;

    public ScorerWarmup(NodeExpander expander) {
        this.memo = new ExpansionMemo(expander);
    }

    /** The expander for the main pass: the warm-up's expansions first, then the real one. */
    public NodeExpander mainPass() {
        return memo.replaying();
    }

    /**
     * Grows trees on roots from {@code documents} until {@code positivesWanted} candidate queries
     * are in hand (or the corpus ends), makes the pairs, and trains.
     *
     * @param roots  the root contexts of one document, exactly as the main pass will make them
     * @param window how many roots may grow at once
     * @return the trained scorer (or {@code fallback} with the reason), and the documents read,
     *         which the main pass must process before the rest of {@code documents}
     */
    public Outcome run(Iterator<Document> documents, Function<Document, List<RootContext>> roots, TreeRules rules,
            long runSeed, Executor cpu, NegativeQueries negatives, PairTrainer trainer, int positivesWanted,
            int window, QueryScorer fallback) throws InterruptedException {
        Objects.requireNonNull(trainer, "trainer");
        ContextSplitTree tree = new ContextSplitTree(memo.recording(), rules, runSeed, cpu, new PipelineListener() { });
        List<Document> read = new ArrayList<>();
        // Candidates by root, in corpus order: which roots' queries are used must not depend on
        // the order trees happened to finish in, or a seed would not fix the trained scorer.
        ConcurrentSkipListMap<Long, List<CandidateQuery>> byRoot = new ConcurrentSkipListMap<>();
        AtomicInteger found = new AtomicInteger();
        AtomicLong launched = new AtomicLong();
        RootFeeder feeder = new RootFeeder(window);
        rethrow(feeder.feed(documents, (document, first) -> roots.apply(document), () -> found.get() >= positivesWanted,
                (document, cut) -> read.add(document), root -> {
                    long order = launched.getAndIncrement();
                    return tree.grow(root, 0).whenComplete((candidates, error) -> {
                        if (error == null) {
                            byRoot.put(order, candidates);
                            found.addAndGet(candidates.size());
                        }
                        feeder.permits().release();
                    });
                }));

        List<CandidateQuery> sample = new ArrayList<>();
        for (List<CandidateQuery> candidates : byRoot.values()) {
            if (sample.size() >= positivesWanted) {
                break;
            }
            sample.addAll(candidates);
        }
        List<QueryPair> pairs = await(negatives.pairs(Collections.unmodifiableList(sample)));
        if (pairs.size() < MIN_PAIRS) {
            return new Outcome(fallback, "not trained: only " + pairs.size() + " usable pairs (" + MIN_PAIRS
                    + " needed); candidates kept in generation order", read, pairs.size());
        }
        QueryScorer scorer = trainer.train(pairs);
        return new Outcome(scorer, scorer.id() + ", trained in this run on " + pairs.size() + " pairs from "
                + sample.size() + " queries of " + read.size() + " documents (" + negatives.unusable()
                + " negatives unusable)", read, pairs.size());
    }

    private static List<QueryPair> await(CompletableFuture<List<QueryPair>> pairs) throws InterruptedException {
        try {
            return pairs.get();
        } catch (ExecutionException e) {
            rethrow(e.getCause());
            throw new IllegalStateException("unreachable");
        }
    }

    private static void rethrow(Throwable failure) {
        if (failure == null) {
            return;
        }
        Throwable cause = AsyncFailure.cause(failure);
        if (cause instanceof RuntimeException) {
            throw (RuntimeException) cause;
        }
        if (cause instanceof Error) {
            throw (Error) cause;
        }
        throw new IllegalStateException("scorer warm-up failed", cause);
    }
}
