package io.augcon.core;

import io.augcon.api.CandidateQuery;
import io.augcon.api.ContextNode;
import io.augcon.api.Document;
import io.augcon.api.Expansion;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.QueryScorer;
import io.augcon.api.RootContext;
import io.augcon.api.SftRecord;
import io.augcon.core.corpus.BadInput;
import io.augcon.core.llm.LlmCallListener;
import io.augcon.core.respond.SearchReport;
import java.util.ArrayList;
import java.util.List;

/**
 * Routes events of parts that live as long as the pipeline (LLM calls from the metered backend,
 * the answering step's demonstration search) to the listener of the run in progress; and
 * composes several listeners into one.
 */
final class ListenerRelay implements LlmCallListener {
    private volatile PipelineListener current;

    void set(PipelineListener listener) {
        this.current = listener;
    }

    @Override
    public void llmCallDone(LlmRequest request, LlmResponse response, Throwable error, long latencyNanos) {
        PipelineListener listener = current;
        if (listener != null) {
            listener.llmCallDone(request, response, error, latencyNanos);
        }
    }

    /** Tells the run in progress that demonstrations were chosen. */
    void demonstrationsChosen(SearchReport report) {
        PipelineListener listener = current;
        if (listener != null) {
            listener.demonstrationsChosen(report);
        }
    }

    /** One listener that tells {@code first}, then each of {@code others}, every event. */
    static PipelineListener compose(PipelineListener first, List<PipelineListener> others) {
        if (others.isEmpty()) {
            return first;
        }
        List<PipelineListener> all = new ArrayList<>();
        all.add(first);
        all.addAll(others);
        return new Composite(List.copyOf(all));
    }

    private static final class Composite implements PipelineListener {
        private final List<PipelineListener> all;

        Composite(List<PipelineListener> all) {
            this.all = all;
        }

        @Override
        public void documentRead(Document document, int roots) {
            all.forEach(l -> l.documentRead(document, roots));
        }

        @Override
        public void scorerReady(QueryScorer scorer, String note) {
            all.forEach(l -> l.scorerReady(scorer, note));
        }

        @Override
        public void badInput(BadInput badInput) {
            all.forEach(l -> l.badInput(badInput));
        }

        @Override
        public void rootStarted(RootContext root, int quota) {
            all.forEach(l -> l.rootStarted(root, quota));
        }

        @Override
        public void nodeExpanded(ContextNode node, Expansion expansion) {
            all.forEach(l -> l.nodeExpanded(node, expansion));
        }

        @Override
        public void nodeFailed(ContextNode node, Throwable error) {
            all.forEach(l -> l.nodeFailed(node, error));
        }

        @Override
        public void branchEnded(ContextNode node, BranchEnd reason) {
            all.forEach(l -> l.branchEnded(node, reason));
        }

        @Override
        public void questionRejected(ContextNode node, String question, String reason) {
            all.forEach(l -> l.questionRejected(node, question, reason));
        }

        @Override
        public void queryKept(CandidateQuery query, Double score) {
            all.forEach(l -> l.queryKept(query, score));
        }

        @Override
        public void queryDropped(CandidateQuery query, Double score, DropReason reason) {
            all.forEach(l -> l.queryDropped(query, score, reason));
        }

        @Override
        public void demonstrationsChosen(SearchReport report) {
            all.forEach(l -> l.demonstrationsChosen(report));
        }

        @Override
        public void responseFailed(CandidateQuery query, Throwable error) {
            all.forEach(l -> l.responseFailed(query, error));
        }

        @Override
        public void rootFinished(RootContext root, RootOutcome outcome) {
            all.forEach(l -> l.rootFinished(root, outcome));
        }

        @Override
        public void recordWritten(SftRecord record) {
            all.forEach(l -> l.recordWritten(record));
        }

        @Override
        public void llmCallDone(LlmRequest request, LlmResponse response, Throwable error, long latencyNanos) {
            all.forEach(l -> l.llmCallDone(request, response, error, latencyNanos));
        }
    }
}
