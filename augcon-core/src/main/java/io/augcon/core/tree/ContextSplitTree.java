package io.augcon.core.tree;

import io.augcon.api.AsyncFailure;
import io.augcon.api.CandidateQuery;
import io.augcon.api.ContextNode;
import io.augcon.api.Expansion;
import io.augcon.api.NodeExpander;
import io.augcon.api.RootContext;
import io.augcon.api.Seeds;
import io.augcon.api.Split;
import io.augcon.core.event.PipelineListener;
import io.augcon.core.event.PipelineListener.BranchEnd;
import io.augcon.core.internal.stage.RunFailure;
import io.augcon.core.text.Tokenizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;

/**
 * Algorithm 1 of the paper, the Context-Split-Tree (CST): from a root context, ask for a
 * question about the whole context and a split into two sub-contexts, keep the (context,
 * question) pair, and recurse on both sub-contexts until a stopping rule holds.
 *
 * <pre>
 * CST(C):
 *   if len(C) &lt; lambda: stop                                  (TOO_SHORT)
 *   q, C1, C2 = expand(C)               -- one LLM call
 *   keep (C, q)                        unless len(q) &lt; min question length
 *   if no split: stop                                         (NO_SPLIT)
 *   if C1 or C2 is empty, or len(C1) &gt;= len(C) or len(C2) &gt;= len(C): stop   (DEGENERATE_SPLIT)
 *   for child in C1, C2:
 *     if ROUGE-L precision(child, C) &lt; 0.7: skip child      (UNFAITHFUL_CHILD, paper only)
 *     CST(child)                         -- both children in flight at once
 * </pre>
 *
 * <p>Nothing blocks: each node's work continues on {@code executor} when its expansion arrives,
 * and the siblings of a node are requested together, so a tree keeps as many requests in flight
 * as it has open branches. The returned candidates are in generation order (depth, then path),
 * which does not depend on the order in which answers arrived.
 */
public final class ContextSplitTree {
    private static final Comparator<CandidateQuery> GENERATION_ORDER =
            Comparator.comparingInt((CandidateQuery c) -> c.node().treeRun())
                    .thenComparingInt(c -> c.node().depth())
                    .thenComparing(c -> c.node().path());

    private final NodeExpander expander;
    private final TreeRules rules;
    private final long runSeed;
    private final Executor executor;
    private final PipelineListener listener;

    /**
     * A tree engine.
     *
     * @param expander asks for each node's question and split (one LLM call per node by default)
     * @param rules    when a branch stops
     * @param runSeed  the run seed; each node's request seed is derived from it and the node's place
     * @param executor where a node's work continues once its expansion arrives; never blocked on
     * @param listener told of every node, question and branch end (its methods all default to doing nothing)
     */
    public ContextSplitTree(
            NodeExpander expander, TreeRules rules, long runSeed, Executor executor, PipelineListener listener) {
        this.expander = Objects.requireNonNull(expander, "expander");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.runSeed = runSeed;
        this.executor = Objects.requireNonNull(executor, "executor");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** The seed of a node: a function of the run seed, the root, the tree run and the node's path. */
    public static long nodeSeed(long runSeed, ContextNode node) {
        return Seeds.derive(runSeed, node.root().id(), "tree", Integer.toString(node.treeRun()), "node", node.path());
    }

    /**
     * Grows tree number {@code treeRun} on {@code root}. A failed node ends its branch and is
     * reported to the listener; only a failure that ends the whole run ({@link
     * RunFailure#endsTheRun}) completes the tree exceptionally.
     */
    public CompletableFuture<List<CandidateQuery>> grow(RootContext root, int treeRun) {
        ConcurrentLinkedQueue<CandidateQuery> found = new ConcurrentLinkedQueue<>();
        return CompletableFuture.supplyAsync(() -> root.node(treeRun), executor)
                .thenCompose(node -> visit(node, found))
                .thenApply(done -> {
                    List<CandidateQuery> ordered = new ArrayList<>(found);
                    ordered.sort(GENERATION_ORDER);
                    return ordered;
                });
    }

    private CompletableFuture<Void> visit(ContextNode node, ConcurrentLinkedQueue<CandidateQuery> found) {
        if (node.text().length() < rules.minContextChars()) {
            listener.branchEnded(node, BranchEnd.TOO_SHORT);
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Expansion> expansion;
        try {
            expansion = expander.expand(node, nodeSeed(runSeed, node)).toCompletableFuture();
        } catch (RuntimeException e) {
            expansion = CompletableFuture.failedFuture(e);
        }
        // The answer's checks tokenise the text; a language whose tokenizer is still loading is
        // waited for here, without holding a CPU thread that other trees need.
        return after(Tokenizer.ready(node.language()), expansion).handleAsync((result, error) -> {
                    if (error != null) {
                        if (RunFailure.endsTheRun(error)) {
                            throw AsyncFailure.propagate(error);
                        }
                        listener.nodeFailed(node, error);
                        return List.<ContextNode>of();
                    }
                    listener.nodeExpanded(node, result);
                    keepQuestion(node, result, found);
                    return childrenToVisit(node, result);
                }, executor)
                .thenCompose(children -> CompletableFuture.allOf(children.stream()
                        .map(child -> visit(child, found))
                        .toArray(CompletableFuture[]::new)));
    }

    /** {@code value} once {@code first} is done too, with {@code value}'s own failure unwrapped. */
    private static <T> CompletableFuture<T> after(CompletableFuture<Void> first, CompletableFuture<T> value) {
        if (first.isDone() && !first.isCompletedExceptionally()) {
            return value;
        }
        CompletableFuture<T> both = new CompletableFuture<>();
        first.whenComplete((ready, loadError) -> value.whenComplete((result, error) -> {
            if (loadError != null) {
                both.completeExceptionally(loadError);
            } else if (error != null) {
                both.completeExceptionally(error);
            } else {
                both.complete(result);
            }
        }));
        return both;
    }

    private void keepQuestion(ContextNode node, Expansion result, ConcurrentLinkedQueue<CandidateQuery> found) {
        result.query().map(String::strip).ifPresent(question -> {
            if (question.length() < rules.minQuestionChars()) {
                listener.questionRejected(node, question, "shorter than " + rules.minQuestionChars() + " characters");
            } else {
                found.add(new CandidateQuery(question, node));
            }
        });
    }

    private List<ContextNode> childrenToVisit(ContextNode node, Expansion result) {
        if (result.split().isEmpty()) {
            listener.branchEnded(node, BranchEnd.NO_SPLIT);
            return List.of();
        }
        Split split = result.split().get();
        String first = split.first().strip();
        String second = split.second().strip();
        int parentLength = node.text().length();
        // An empty part is how an answer says the context does not split (its question is kept).
        if (first.isEmpty() || second.isEmpty() || first.length() >= parentLength || second.length() >= parentLength) {
            listener.branchEnded(node, BranchEnd.DEGENERATE_SPLIT);
            return List.of();
        }
        List<ContextNode> candidates = List.of(node.child(1, first), node.child(2, second));
        if (rules.minChildPrecision() <= 0) {
            return candidates;
        }
        double[] precisions = ChildFaithfulness.precisions(node.text(), List.of(first, second), node.language());
        List<ContextNode> children = new ArrayList<>(2);
        for (int i = 0; i < candidates.size(); i++) {
            if (precisions[i] >= rules.minChildPrecision()) {
                children.add(candidates.get(i));
            } else {
                listener.branchEnded(candidates.get(i), BranchEnd.UNFAITHFUL_CHILD);
            }
        }
        return children;
    }
}
