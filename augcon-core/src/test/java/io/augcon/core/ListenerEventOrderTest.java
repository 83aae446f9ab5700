package io.augcon.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.api.CandidateQuery;
import io.augcon.api.ContextNode;
import io.augcon.api.Document;
import io.augcon.api.Expansion;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.RootContext;
import io.augcon.api.SftRecord;
import io.augcon.core.event.PipelineListener;
import io.augcon.core.run.RunSummary;
import io.augcon.core.tree.ContextSplitTree;
import io.augcon.core.tree.SplitMode;
import io.augcon.testkit.ScriptedLlm;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A listener sees every event of a run, and the events of one node in the order the node lived them. */
class ListenerEventOrderTest {
    private static final long SEED = 11;

    /** One event: its place in the run's global order, what it was, and whom it was about. */
    record Event(int at, String kind, String subject, Object detail) {}

    /** Records every event with a global sequence number. */
    static final class Recorder implements PipelineListener {
        private final List<Event> events = new ArrayList<>();

        private synchronized void add(String kind, String subject, Object detail) {
            events.add(new Event(events.size(), kind, subject, detail));
        }

        synchronized List<Event> events() {
            return List.copyOf(events);
        }

        @Override
        public void documentRead(Document document, int roots) {
            add("documentRead", document.id(), roots);
        }

        @Override
        public void rootStarted(RootContext root, int quota) {
            add("rootStarted", root.id(), root.documentId());
        }

        @Override
        public void nodeExpanded(ContextNode node, Expansion expansion) {
            add("nodeExpanded", node.id(), node);
        }

        @Override
        public void nodeFailed(ContextNode node, Throwable error) {
            add("nodeFailed", node.id(), node);
        }

        @Override
        public void branchEnded(ContextNode node, BranchEnd reason) {
            add("branchEnded", node.id(), node);
        }

        @Override
        public void queryKept(CandidateQuery query, Double score) {
            add("queryKept", query.node().root().id() + "|" + query.query(), query.node());
        }

        @Override
        public void queryDropped(CandidateQuery query, Double score, DropReason reason) {
            add("queryDropped", query.node().root().id() + "|" + query.query(), query.node());
        }

        @Override
        public void recordWritten(SftRecord record) {
            add("recordWritten", record.rootId() + "|" + record.query(), record);
        }

        @Override
        public void rootFinished(RootContext root, RootOutcome outcome) {
            add("rootFinished", root.id(), outcome);
        }

        @Override
        public void llmCallDone(LlmRequest request, LlmResponse response, Throwable error, long latencyNanos) {
            add("llmCallDone", request.stage() + "|" + request.seed(), error);
        }
    }

    @ParameterizedTest
    @EnumSource(SplitMode.class)
    void everyEventArrivesAndTheEventsOfOneNodeComeInOrder(SplitMode mode) throws Exception {
        Recorder recorder = new Recorder();
        ScriptedLlm llm = ScriptedLlm.immediate();
        RunSummary summary = AugCon.builder().llm(llm).tree(t -> t.withSplitMode(mode)).seed(SEED).concurrency(4).listener(recorder)
                .build().run(AugConPipelineTest.corpus().stream(), record -> { });
        List<Event> events = recorder.events();

        assertThat(of(events, "llmCallDone")).hasSize(llm.requests().size()).allSatisfy(e -> assertThat(e.detail()).isNull());
        assertThat(of(events, "nodeExpanded")).hasSize((int) summary.nodesExpanded()).isNotEmpty();
        assertThat(of(events, "recordWritten")).hasSize((int) summary.records()).isNotEmpty();
        for (Event expanded : of(events, "nodeExpanded")) {
            ContextNode node = (ContextNode) expanded.detail();
            assertThat(first(events, "rootStarted", node.root().id())).isLessThan(expanded.at());
            assertThat(first(events, "llmCallDone", "cst|" + ContextSplitTree.nodeSeed(SEED, node)))
                    .as("the CST call of %s is done before it is expanded", node.id()).isLessThan(expanded.at());
            if (node.depth() > 0) {
                assertThat(first(events, "nodeExpanded", parentId(node))).as("parent of %s", node.id()).isLessThan(expanded.at());
            }
            assertThat(last(events, "rootFinished", node.root().id())).isGreaterThan(expanded.at());
        }
        for (Event ended : of(events, "branchEnded")) {
            ContextNode node = (ContextNode) ended.detail();
            if (node.depth() > 0) {
                assertThat(first(events, "nodeExpanded", parentId(node))).isLessThan(ended.at());
            }
        }
        for (String kind : List.of("queryKept", "queryDropped")) {
            for (Event filtered : of(events, kind)) {
                ContextNode node = (ContextNode) filtered.detail();
                assertThat(first(events, "nodeExpanded", node.id())).isLessThan(filtered.at());
                assertThat(last(events, "rootFinished", node.root().id())).isGreaterThan(filtered.at());
            }
        }
        Map<String, List<Event>> writtenByQuery = of(events, "recordWritten").stream()
                .collect(Collectors.groupingBy(Event::subject));
        List<Event> kept = of(events, "queryKept");
        assertThat(kept).hasSize(writtenByQuery.size());
        for (Event k : kept) {
            assertThat(writtenByQuery.get(k.subject())).as("records of %s", k.subject()).hasSize(1);
            assertThat(writtenByQuery.get(k.subject()).get(0).at()).isGreaterThan(k.at());
        }
        Map<String, Integer> documentReadAt = new HashMap<>();
        of(events, "documentRead").forEach(e -> documentReadAt.put(e.subject(), e.at()));
        assertThat(documentReadAt).hasSize(3);
        for (Event started : of(events, "rootStarted")) {
            assertThat(documentReadAt.get((String) started.detail())).isLessThan(started.at());
        }
    }

    private static List<Event> of(List<Event> events, String kind) {
        return events.stream().filter(e -> e.kind().equals(kind)).toList();
    }

    private static int first(List<Event> events, String kind, String subject) {
        return events.stream().filter(e -> e.kind().equals(kind) && Objects.equals(e.subject(), subject))
                .mapToInt(Event::at).min().orElseThrow(() -> new AssertionError("no " + kind + " of " + subject));
    }

    private static int last(List<Event> events, String kind, String subject) {
        return events.stream().filter(e -> e.kind().equals(kind) && Objects.equals(e.subject(), subject))
                .mapToInt(Event::at).max().orElseThrow(() -> new AssertionError("no " + kind + " of " + subject));
    }

    private static String parentId(ContextNode node) {
        String path = node.path().substring(0, node.depth() - 1);
        return node.root().id() + "/" + node.treeRun() + "/" + (path.isEmpty() ? "r" : path);
    }
}
