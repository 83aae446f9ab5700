package io.augcon.core.internal.run;

import io.augcon.api.AsyncFailure;
import io.augcon.api.CandidateQuery;
import io.augcon.api.ContextNode;
import io.augcon.api.QueryScorer;
import io.augcon.api.Response;
import io.augcon.api.ResponseRefiner;
import io.augcon.api.RootContext;
import io.augcon.api.Seeds;
import io.augcon.api.SftRecord;
import io.augcon.api.internal.Knob;
import io.augcon.core.event.InputDropped;
import io.augcon.core.event.PipelineListener;
import io.augcon.core.event.PipelineListener.DropReason;
import io.augcon.core.event.PipelineListener.RootOutcome;
import io.augcon.core.filter.QueryFilter;
import io.augcon.core.filter.Quota;
import io.augcon.core.internal.stage.RunFailure;
import io.augcon.core.tree.ContextSplitTree;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * All the work on one root context: grow Context-Split-Trees until there are enough candidates,
 * rank them, keep the best non-duplicates up to the quota, and answer the kept ones.
 *
 * <p>The quota loop: grow tree 0; once the candidates reach {@code ceil(quota * oversample)}
 * (the reference's 1.15), rank and filter them; if fewer than the quota survive, grow another
 * tree (sampling makes it differ) and filter everything again, up to {@code maxTreeRuns} trees.
 * A root that still falls short is reported in its {@link RootOutcome}.
 */
public final class RootJob {

    /**
     * What every root of a run shares.
     *
     * @param tree        grows one tree
     * @param scorer      ranks candidates
     * @param filter      greedy ROUGE-L deduplication
     * @param quota       pairs owed per root
     * @param oversample  candidates to gather per pair owed before filtering
     * @param maxTreeRuns trees grown on one root at most
     * @param refiner     answers kept queries
     * @param runSeed     the run's seed
     * @param executor    runs the CPU work between LLM answers
     * @param listener    hears every event
     * @param cstStepId   the tree step's id, for provenance
     */
    public record Plan(
            ContextSplitTree tree,
            QueryScorer scorer,
            QueryFilter filter,
            Quota quota,
            double oversample,
            int maxTreeRuns,
            ResponseRefiner refiner,
            long runSeed,
            Executor executor,
            PipelineListener listener,
            String cstStepId) {
        public Plan {
            Objects.requireNonNull(tree, "tree");
            Objects.requireNonNull(scorer, "scorer");
            Objects.requireNonNull(filter, "filter");
            Objects.requireNonNull(quota, "quota");
            Objects.requireNonNull(refiner, "refiner");
            Objects.requireNonNull(executor, "executor");
            Objects.requireNonNull(listener, "listener");
            Knob.atLeast("oversample", oversample, 1);
            Knob.atLeast("maxTreeRuns", maxTreeRuns, 1);
        }
    }

    /** A kept candidate with its score and rank. */
    private record Kept(CandidateQuery query, Double score, int rank) {}

    private final Plan plan;
    private final RootContext root;
    private final int pairs;
    private final int target;
    /** Mutated only by the one callback of the root that is running at a time. */
    private final List<CandidateQuery> candidates = new ArrayList<>();
    private double[] scores = new double[0];

    public RootJob(Plan plan, RootContext root) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.root = Objects.requireNonNull(root, "root");
        this.pairs = plan.quota().pairsFor(root);
        this.target = Quota.candidateTarget(pairs, plan.oversample());
    }

    /** Runs the root; completes with its records in rank order. */
    public CompletableFuture<List<SftRecord>> run() {
        plan.listener().rootStarted(root, pairs);
        if (pairs == 0) {
            plan.listener().inputDropped(new InputDropped(root.id(), InputDropped.Reason.ROOT_WITHOUT_QUOTA, 1,
                    root.text().length()));
            plan.listener().rootFinished(root, new RootOutcome(0, 0, 0, 0));
            return CompletableFuture.completedFuture(List.of());
        }
        return grow(0).thenCompose(this::answer);
    }

    private CompletableFuture<List<Kept>> grow(int treeRun) {
        return plan.tree().grow(root, treeRun).thenApplyAsync(found -> {
            addAndScore(found);
            int runs = treeRun + 1;
            boolean lastRun = runs >= plan.maxTreeRuns();
            if (candidates.size() < target && !lastRun) {
                return null;
            }
            List<Integer> ranked = ranking();
            QueryFilter.Selection selection = plan.filter().select(
                    ranked.stream().map(i -> candidates.get(i).query()).toList(), root.language(), pairs);
            if (selection.kept().size() < pairs && !lastRun) {
                return null;
            }
            return settle(ranked, selection, runs);
        }, plan.executor()).thenCompose(kept -> kept != null
                ? CompletableFuture.completedFuture(kept)
                : grow(treeRun + 1));
    }

    private void addAndScore(List<CandidateQuery> found) {
        if (found.isEmpty()) {
            return;
        }
        double[] fresh = plan.scorer().score(found);
        if (fresh.length != found.size()) {
            throw new IllegalStateException("scorer " + plan.scorer().id() + " returned " + fresh.length
                    + " scores for " + found.size() + " candidates");
        }
        int old = scores.length;
        scores = Arrays.copyOf(scores, old + fresh.length);
        System.arraycopy(fresh, 0, scores, old, fresh.length);
        candidates.addAll(found);
    }

    /**
     * Candidate indices best first. Candidates are stored in generation order (trees in run
     * order, each tree's candidates sorted), and the sort is stable, so ties and an unranked
     * scorer keep generation order.
     */
    private List<Integer> ranking() {
        List<Integer> order = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            order.add(i);
        }
        if (plan.scorer().ranks()) {
            order.sort(Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
        }
        return order;
    }

    private List<Kept> settle(List<Integer> ranked, QueryFilter.Selection selection, int treeRuns) {
        PipelineListener listener = plan.listener();
        boolean[] decided = new boolean[ranked.size()];
        List<Kept> kept = new ArrayList<>(selection.kept().size());
        for (int position : selection.kept()) {
            decided[position] = true;
            CandidateQuery query = candidates.get(ranked.get(position));
            Double score = scoreOf(ranked.get(position));
            kept.add(new Kept(query, score, kept.size()));
            listener.queryKept(query, score);
        }
        for (QueryFilter.Drop drop : selection.dropped()) {
            decided[drop.index()] = true;
            listener.queryDropped(candidates.get(ranked.get(drop.index())), scoreOf(ranked.get(drop.index())), DropReason.DUPLICATE);
        }
        for (int position = 0; position < ranked.size(); position++) {
            if (!decided[position]) {
                listener.queryDropped(candidates.get(ranked.get(position)), scoreOf(ranked.get(position)), DropReason.OVER_QUOTA);
            }
        }
        listener.rootFinished(root, new RootOutcome(pairs, kept.size(), candidates.size(), treeRuns));
        return kept;
    }

    private Double scoreOf(int index) {
        return plan.scorer().ranks() ? scores[index] : null;
    }

    private CompletableFuture<List<SftRecord>> answer(List<Kept> kept) {
        List<CompletableFuture<SftRecord>> answers = new ArrayList<>(kept.size());
        for (Kept k : kept) {
            long seed = Seeds.derive(ContextSplitTree.nodeSeed(plan.runSeed(), k.query().node()), "response");
            CompletableFuture<Response> response;
            try {
                response = plan.refiner().respond(k.query(), seed).toCompletableFuture();
            } catch (RuntimeException e) {
                response = CompletableFuture.failedFuture(e);
            }
            answers.add(response.handleAsync((r, error) -> {
                if (error != null) {
                    if (RunFailure.endsTheRun(error)) {
                        throw AsyncFailure.propagate(error);
                    }
                    plan.listener().responseFailed(k.query(), error);
                    return null;
                }
                return record(k, r);
            }, plan.executor()));
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(done -> answers.stream()
                .map(CompletableFuture::join)
                .filter(Objects::nonNull)
                .toList());
    }

    private SftRecord record(Kept k, Response response) {
        ContextNode node = k.query().node();
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("tree_run", node.treeRun());
        provenance.put("node_path", node.path());
        provenance.put("rank", k.rank());
        provenance.put("cst_step", plan.cstStepId());
        provenance.put("scorer", plan.scorer().id());
        provenance.put("response_step", plan.refiner().id());
        provenance.putAll(response.provenance());
        provenance.put("run_seed", plan.runSeed());
        return new SftRecord(recordId(plan.runSeed(), node), k.query().query(), response.text(), node.text(),
                root.documentId(), root.id(), node.depth(), k.score(), root.language(), root.start(), root.end(),
                response.model(), provenance);
    }

    /**
     * A record's id: a hash of the run seed and the node's place (root, tree run, path), so the
     * same input and seed give the same ids, whatever order answers arrive in.
     */
    public static String recordId(long runSeed, ContextNode node) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((runSeed + "\u0000" + node.id()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
