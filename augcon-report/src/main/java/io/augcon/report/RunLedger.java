package io.augcon.report;

import io.augcon.api.CandidateQuery;
import io.augcon.core.event.NearDuplicate;
import io.augcon.api.ContextNode;
import io.augcon.api.RootContext;
import io.augcon.api.SftRecord;
import io.augcon.core.event.PipelineListener;
import io.augcon.core.run.RootFill;
import io.augcon.core.run.RunFacts;
import io.augcon.core.run.RunSummary;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Listens to a run and keeps, for every root that owes pairs, what became of its quota: the
 * numbers a {@link RootFill} holds. Register it with {@code AugCon.builder().listener(ledger)};
 * after the run, {@link #facts(RunSummary)} joins them with the run's summary.
 *
 * <pre>{@code
 * RunLedger ledger = new RunLedger();
 * AugCon augcon = AugCon.builder().llm(llm).listener(ledger).build();
 * RunSummary summary = augcon.run(Path.of("docs/"), sink);
 * ledger.facts(summary).writeTo(Path.of("work/"));
 * }</pre>
 *
 * <p>Thread-safe. Memory: about 150 bytes per root.
 */
public final class RunLedger implements PipelineListener {
    private final Map<String, Root> roots = new ConcurrentHashMap<>();

    /** One root's counts; updated under its own lock by the pipeline's threads. */
    private static final class Root {
        final RootContext context;
        final int quota;
        int candidates;
        int treeRuns;
        int kept;
        int duplicates;
        int nodeFailures;
        int responseFailures;
        int crossRootDuplicates;
        int records;

        Root(RootContext context, int quota) {
            this.context = context;
            this.quota = quota;
        }

        synchronized RootFill fill() {
            return new RootFill(context.id(), context.documentId(), context.end() - context.start(), quota, candidates,
                    treeRuns, kept, duplicates, nodeFailures, responseFailures, crossRootDuplicates, records);
        }
    }

    @Override
    public void rootStarted(RootContext root, int quota) {
        if (quota > 0) {
            roots.put(root.id(), new Root(root, quota));
        }
    }

    @Override
    public void nodeFailed(ContextNode node, Throwable error) {
        update(node.root().id(), r -> r.nodeFailures++);
    }

    @Override
    public void queryDropped(CandidateQuery query, Double score, DropReason reason) {
        if (reason == DropReason.DUPLICATE) {
            update(query.node().root().id(), r -> r.duplicates++);
        }
    }

    @Override
    public void responseFailed(CandidateQuery query, Throwable error) {
        update(query.node().root().id(), r -> r.responseFailures++);
    }

    @Override
    public void rootFinished(RootContext root, RootOutcome outcome) {
        update(root.id(), r -> {
            r.candidates = outcome.candidates();
            r.treeRuns = outcome.treeRuns();
            r.kept = outcome.kept();
        });
    }

    @Override
    public void recordWritten(SftRecord record) {
        update(record.rootId(), r -> r.records++);
    }

    @Override
    public void recordDroppedAsDuplicate(SftRecord record, NearDuplicate duplicate) {
        update(record.rootId(), r -> r.crossRootDuplicates++);
    }

    /** Every root seen that owes pairs, in corpus order. */
    public List<RootFill> rootFills() {
        return roots.values().stream()
                .sorted(Comparator.comparingLong(r -> r.context.sequence()))
                .map(Root::fill)
                .toList();
    }

    /** The run's facts: {@code summary} with the roots this ledger saw. */
    public RunFacts facts(RunSummary summary) {
        return new RunFacts(summary, rootFills());
    }

    private void update(String rootId, java.util.function.Consumer<Root> change) {
        Root root = roots.get(rootId);
        if (root != null) {
            synchronized (root) {
                change.accept(root);
            }
        }
    }
}
