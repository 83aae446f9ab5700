package io.augcon.core;

import io.augcon.api.CandidateQuery;
import io.augcon.core.event.NearDuplicate;
import io.augcon.api.ContextNode;
import io.augcon.api.Document;
import io.augcon.api.Expansion;
import io.augcon.api.Language;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.QueryScorer;
import io.augcon.api.RootContext;
import io.augcon.api.SftRecord;
import io.augcon.core.event.BadInput;
import io.augcon.core.event.InputDropped;
import io.augcon.core.event.LlmCallListener;
import io.augcon.core.event.PipelineListener;
import io.augcon.core.event.ResilienceListener;
import io.augcon.core.event.SearchReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Routes LLM call and resilience events from the decorators, which live as long as the pipeline,
 * to the listener of the run in progress; and composes several listeners into one.
 * Routes events of parts that live as long as the pipeline (LLM calls from the metered backend,
 * the answering step's demonstration search) to the listener of the run in progress; and
 * composes several listeners into one.
 */
final class ListenerRelay implements LlmCallListener, ResilienceListener {
    private volatile PipelineListener current;

    void set(PipelineListener listener) {
        this.current = listener;
    }

    private void tell(Consumer<PipelineListener> event) {
        PipelineListener listener = current;
        if (listener != null) {
            event.accept(listener);
        }
    }

    @Override
    public void llmCallDone(LlmRequest request, LlmResponse response, Throwable error, long latencyNanos) {
        tell(l -> l.llmCallDone(request, response, error, latencyNanos));
    }

    @Override
    public void retryScheduled(LlmRequest request, Throwable error, int failedAttempts, Duration delay) {
        tell(l -> l.retryScheduled(request, error, failedAttempts, delay));
    }

    @Override
    public void retriesExhausted(LlmRequest request, Throwable error, int attempts) {
        tell(l -> l.retriesExhausted(request, error, attempts));
    }

    @Override
    public void truncationRetried(LlmRequest request, int fromTokens, int toTokens) {
        tell(l -> l.truncationRetried(request, fromTokens, toTokens));
    }

    @Override
    public void concurrencyLimitChanged(int from, int to) {
        tell(l -> l.concurrencyLimitChanged(from, to));
    }

    @Override
    public void circuitOpened(double failureRate, Duration pause) {
        tell(l -> l.circuitOpened(failureRate, pause));
    }

    @Override
    public void circuitClosed(Duration pausedFor) {
        tell(l -> l.circuitClosed(pausedFor));
    }

    @Override
    public void structuredOutputRefused(Throwable error) {
        tell(l -> l.structuredOutputRefused(error));
    }

    /** Tells the run in progress that demonstrations were chosen. */
    void demonstrationsChosen(SearchReport report) {
        tell(l -> l.demonstrationsChosen(report));
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
        public void inputDropped(InputDropped dropped) {
            all.forEach(l -> l.inputDropped(dropped));
        }

        @Override
        public void tokenizerLoaded(Language language, Duration took) {
            all.forEach(l -> l.tokenizerLoaded(language, took));
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
        public void recordDroppedAsDuplicate(SftRecord record, NearDuplicate duplicate) {
            all.forEach(l -> l.recordDroppedAsDuplicate(record, duplicate));
        }

        @Override
        public void llmCallDone(LlmRequest request, LlmResponse response, Throwable error, long latencyNanos) {
            all.forEach(l -> l.llmCallDone(request, response, error, latencyNanos));
        }

        @Override
        public void retryScheduled(LlmRequest request, Throwable error, int failedAttempts, Duration delay) {
            all.forEach(l -> l.retryScheduled(request, error, failedAttempts, delay));
        }

        @Override
        public void retriesExhausted(LlmRequest request, Throwable error, int attempts) {
            all.forEach(l -> l.retriesExhausted(request, error, attempts));
        }

        @Override
        public void truncationRetried(LlmRequest request, int fromTokens, int toTokens) {
            all.forEach(l -> l.truncationRetried(request, fromTokens, toTokens));
        }

        @Override
        public void concurrencyLimitChanged(int from, int to) {
            all.forEach(l -> l.concurrencyLimitChanged(from, to));
        }

        @Override
        public void circuitOpened(double failureRate, Duration pause) {
            all.forEach(l -> l.circuitOpened(failureRate, pause));
        }

        @Override
        public void circuitClosed(Duration pausedFor) {
            all.forEach(l -> l.circuitClosed(pausedFor));
        }

        @Override
        public void structuredOutputRefused(Throwable error) {
            all.forEach(l -> l.structuredOutputRefused(error));
        }
    }
}
