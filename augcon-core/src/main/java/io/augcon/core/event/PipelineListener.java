package io.augcon.core.event;

import io.augcon.api.CandidateQuery;
import io.augcon.api.ContextNode;
import io.augcon.api.Document;
import io.augcon.api.Expansion;
import io.augcon.api.Language;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.QueryScorer;
import io.augcon.api.RootContext;
import io.augcon.api.SftRecord;
import java.time.Duration;

/**
 * Hears what a run does, event by event: for progress displays, accounting and host
 * applications that want to watch or record a run, LLM retries and pauses included
 * ({@link ResilienceListener}). Every method has an empty default.
 *
 * <p>Events arrive from many threads at once; implementations must be thread-safe and fast
 * (they run on the pipeline's threads). Events about one tree node arrive in the order the node
 * lived through them.
 *
 * <pre>{@code
 * AtomicLong written = new AtomicLong();
 * AugCon augcon = AugCon.builder().llm(backend)
 *     .listener(new PipelineListener() {
 *         public void recordWritten(SftRecord record) {
 *             written.incrementAndGet();
 *         }
 *     })
 *     .build();
 * }</pre>
 */
public interface PipelineListener extends LlmCallListener, ResilienceListener {

    /** Why a branch of a Context-Split-Tree stopped growing. */
    enum BranchEnd {
        /** The context is shorter than the minimum granularity, so it was not expanded. */
        TOO_SHORT,
        /** The expander gave no split. */
        NO_SPLIT,
        /**
         * A sub-context was empty (the answer gave none, or a placeholder such as "N/A") or not
         * shorter than its parent; the node's question is kept.
         */
        DEGENERATE_SPLIT,
        /** A sub-context's words did not come from its parent (ROUGE-L precision below the floor). */
        UNFAITHFUL_CHILD
    }

    /** Why a candidate query did not become a record. */
    enum DropReason {
        /** Its ROUGE-L against an already kept query reached the threshold. */
        DUPLICATE,
        /** The root's quota was already filled by better-ranked queries. */
        OVER_QUOTA
    }

    /** What one root ended with. */
    record RootOutcome(int quota, int kept, int candidates, int treeRuns) {
        /** Pairs missing to fill the quota. */
        public int shortfall() {
            return Math.max(0, quota - kept);
        }
    }

    /** A document was read and cut into {@code roots} root contexts. */
    default void documentRead(Document document, int roots) {}

    /**
     * The run's scorer is decided, before the first root is ranked: the given one, or one trained
     * in the run, or none. {@code note} says which, in words for the summary.
     */
    default void scorerReady(QueryScorer scorer, String note) {}

    /** A document was skipped as bad input. */
    default void badInput(BadInput badInput) {}

    /**
     * Input was discarded before any question was asked about it: short paragraphs and empty
     * documents (before the document's {@link #documentRead}), or a root too short to owe a pair
     * (right after its {@link #rootStarted}).
     */
    default void inputDropped(InputDropped dropped) {}

    /**
     * The run waited for {@code language}'s tokenizer to load: jieba's dictionary and model for
     * Chinese, loaded once per JVM on a thread of its own, so only the first run that meets a
     * Chinese document hears this. {@code took} is the load's own time.
     */
    default void tokenizerLoaded(Language language, Duration took) {}

    /** Work on a root started; it should yield {@code quota} pairs. */
    default void rootStarted(RootContext root, int quota) {}

    /** A node was expanded into a question and/or a split. */
    default void nodeExpanded(ContextNode node, Expansion expansion) {}

    /** Expanding a node failed after the expander's own retries; its branch ends. */
    default void nodeFailed(ContextNode node, Throwable error) {}

    /** A branch stopped at {@code node} for {@code reason}. */
    default void branchEnded(ContextNode node, BranchEnd reason) {}

    /** A generated question was discarded before ranking (e.g. too short). */
    default void questionRejected(ContextNode node, String question, String reason) {}

    /** A candidate survived ranking and deduplication. */
    default void queryKept(CandidateQuery query, Double score) {}

    /** A candidate was dropped by the filter. */
    default void queryDropped(CandidateQuery query, Double score, DropReason reason) {}

    /**
     * The default answering step chose its demonstrations for a language: the search's
     * candidates, scores and choice. Once per language, before the first answer in it.
     */
    default void demonstrationsChosen(SearchReport report) {}

    /** Answering a kept query failed; no record is written for it. */
    default void responseFailed(CandidateQuery query, Throwable error) {}

    /** Work on a root ended. */
    default void rootFinished(RootContext root, RootOutcome outcome) {}

    /** A record reached the output. */
    default void recordWritten(SftRecord record) {}

    /**
     * The cross-root deduplication ({@link io.augcon.core.filter.SelectionConfig#globalDedup()}) refused a finished
     * record: its query nearly repeats {@code duplicate}'s, from an earlier root. It is not written.
     */
    default void recordDroppedAsDuplicate(SftRecord record, NearDuplicate duplicate) {}

    @Override
    default void llmCallDone(LlmRequest request, LlmResponse response, Throwable error, long latencyNanos) {}
}
