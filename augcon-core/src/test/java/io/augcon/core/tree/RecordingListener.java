package io.augcon.core.tree;

import io.augcon.api.CandidateQuery;
import io.augcon.api.ContextNode;
import io.augcon.api.Expansion;
import io.augcon.api.RootContext;
import io.augcon.api.SftRecord;
import io.augcon.core.event.PipelineListener;
import java.util.ArrayList;
import java.util.List;

/** Writes every event as a short line, for assertions. */
public final class RecordingListener implements PipelineListener {
    private final List<String> events = new ArrayList<>();

    public synchronized List<String> events() {
        return List.copyOf(events);
    }

    private synchronized void add(String event) {
        events.add(event);
    }

    private static String path(ContextNode node) {
        return node.path().isEmpty() ? "r" : node.path();
    }

    @Override
    public void nodeExpanded(ContextNode node, Expansion expansion) {
        add("expanded " + path(node));
    }

    @Override
    public void nodeFailed(ContextNode node, Throwable error) {
        add("failed " + path(node));
    }

    @Override
    public void branchEnded(ContextNode node, BranchEnd reason) {
        add(reason + " " + path(node));
    }

    @Override
    public void questionRejected(ContextNode node, String question, String reason) {
        add("rejected " + path(node) + " " + question);
    }

    @Override
    public void queryKept(CandidateQuery query, Double score) {
        add("kept " + query.query());
    }

    @Override
    public void queryDropped(CandidateQuery query, Double score, DropReason reason) {
        add(reason + " " + query.query());
    }

    @Override
    public void rootFinished(RootContext root, RootOutcome outcome) {
        add("root " + root.id() + " " + outcome);
    }

    @Override
    public void recordWritten(SftRecord record) {
        add("record " + record.id());
    }
}
