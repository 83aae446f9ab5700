package io.augcon.core.internal.run;

import io.augcon.api.AsyncFailure;
import io.augcon.api.CandidateQuery;
import io.augcon.api.Expansion;
import io.augcon.api.Language;
import io.augcon.api.LlmBackend;
import io.augcon.api.Seeds;
import io.augcon.api.internal.Knob;
import io.augcon.core.internal.stage.RunFailure;
import io.augcon.core.scoring.NegativeKind;
import io.augcon.core.scoring.QueryPair;
import io.augcon.core.tree.ContextSplitTree;
import io.augcon.core.tree.CstPrompt;
import io.augcon.core.tree.CstFormat;
import io.augcon.core.tree.CstStep;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Makes the scorer's training pairs from a run's own trees: for a seeded sample of the tree's
 * (context, query) results, the same LLM is asked for a query about the same context with each
 * {@link NegativeKind} of weaker prompt. The requests go through the run's backend, so they share
 * its concurrency limit, accounting and cache, and carry seeds derived from the node's seed.
 *
 * <pre>{@code
 * NegativeQueries negatives = new NegativeQueries(augcon.llm(), CstPrompt::defaults, 500, 7L);
 * List<QueryPair> pairs = negatives.pairs(candidates).join();
 * }</pre>
 */
public final class NegativeQueries {
    /** The stage name negative requests are counted under. */
    public static final String STAGE = "scorer-negative";

    private final Map<NegativeKind, CstStep> steps = new EnumMap<>(NegativeKind.class);
    private final int pairsPerKind;
    private final long runSeed;
    private final AtomicInteger unusable = new AtomicInteger();

    /**
     * @param backend      the run's LLM
     * @param fullPrompts  the full CST prompt per language, which each kind weakens
     * @param pairsPerKind pairs to make of each kind (500 in the paper)
     * @param runSeed      the run seed the sample and the request seeds derive from
     */
    public NegativeQueries(LlmBackend backend, Function<Language, CstPrompt> fullPrompts, int pairsPerKind, long runSeed) {
        Objects.requireNonNull(backend, "backend");
        Knob.atLeast("pairsPerKind", pairsPerKind, 1);
        for (NegativeKind kind : NegativeKind.values()) {
            CstPrompt[] weakened = Arrays.stream(Language.values())
                    .map(language -> kind.weaken(fullPrompts.apply(language)))
                    .toArray(CstPrompt[]::new);
            steps.put(kind, CstStep.builder().backend(backend).stage(STAGE).format(CstFormat.rewrite(weakened)).build());
        }
        this.pairsPerKind = pairsPerKind;
        this.runSeed = runSeed;
    }

    /**
     * Pairs for a sample of {@code positives} ({@link #pairsPerKind} of each kind, fewer when
     * there are fewer positives). A negative that fails, comes back empty or repeats its positive
     * is left out and counted in {@link #unusable()}; a failure that ends the run fails the stage.
     */
    public CompletableFuture<List<QueryPair>> pairs(List<CandidateQuery> positives) {
        List<CompletableFuture<Optional<QueryPair>>> asked = new ArrayList<>();
        for (NegativeKind kind : NegativeKind.values()) {
            for (CandidateQuery positive : sample(positives, kind)) {
                long seed = Seeds.derive(ContextSplitTree.nodeSeed(runSeed, positive.node()), "negative", kind.label());
                asked.add(steps.get(kind).expand(positive.node(), seed).toCompletableFuture()
                        .handle((expansion, error) -> pair(positive, kind, expansion, error)));
            }
        }
        return CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new)).thenApply(done -> asked.stream()
                .map(CompletableFuture::join)
                .flatMap(Optional::stream)
                .toList());
    }

    /** Negatives left out so far: failed, empty, or the same as their positive. */
    public int unusable() {
        return unusable.get();
    }

    public int pairsPerKind() {
        return pairsPerKind;
    }

    private List<CandidateQuery> sample(List<CandidateQuery> positives, NegativeKind kind) {
        List<CandidateQuery> pool = new ArrayList<>(positives);
        SplittableRandom random = new SplittableRandom(Seeds.derive(runSeed, "scorer-sample", kind.label()));
        int n = Math.min(pairsPerKind, pool.size());
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(pool.size() - i);
            CandidateQuery swap = pool.get(i);
            pool.set(i, pool.get(j));
            pool.set(j, swap);
        }
        return pool.subList(0, n);
    }

    private Optional<QueryPair> pair(CandidateQuery positive, NegativeKind kind, Expansion expansion, Throwable error) {
        if (error != null) {
            if (RunFailure.endsTheRun(error)) {
                throw AsyncFailure.propagate(error);
            }
            unusable.incrementAndGet();
            return Optional.empty();
        }
        Optional<String> negative = expansion.query().map(String::strip).filter(q -> !q.isEmpty());
        if (negative.isEmpty() || negative.get().equals(positive.query().strip())) {
            unusable.incrementAndGet();
            return Optional.empty();
        }
        return Optional.of(new QueryPair(positive.node().text(), positive.query(), negative.get(), kind.label()));
    }
}
