package io.augcon.core.tree;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.api.CandidateQuery;
import io.augcon.api.ContextNode;
import io.augcon.api.Expansion;
import io.augcon.api.Language;
import io.augcon.api.LlmException;
import io.augcon.api.NodeExpander;
import io.augcon.api.RootContext;
import io.augcon.api.Split;
import io.augcon.testkit.ScriptedAnswers;
import io.augcon.testkit.ScriptedLlm;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ContextSplitTreeTest {
    static final String TEXT = "Tides rise and fall twice a day on most coasts. "
            + "The Moon pulls the ocean toward it as the Earth turns. "
            + "The Sun adds a smaller pull of its own. "
            + "When both line up, the tides are strongest.";

    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final RecordingListener events = new RecordingListener();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private static RootContext root(String text) {
        return new RootContext("doc#0", "doc", 0, 0, 0, text.length(), text, Language.EN);
    }

    private ContextSplitTree tree(NodeExpander expander, TreeRules rules) {
        return new ContextSplitTree(expander, rules, 7, executor, events);
    }

    private static List<String> paths(List<CandidateQuery> found) {
        return found.stream().map(c -> c.node().path().isEmpty() ? "r" : c.node().path()).toList();
    }

    /** Splits in the middle and asks about the text; questions are long enough to keep. */
    private static Expansion halves(ContextNode node) {
        String[] parts = ScriptedAnswers.cstAnswer(node.text(), 0).split("\n");
        return Expansion.of("About: " + node.text(), new Split(parts[1].substring(11), parts[2].substring(11)));
    }

    @Test
    void growsUntilContextsAreShorterThanLambdaAndKeepsAQuestionPerNode() throws Exception {
        CstStep step = CstStep.builder().backend(ScriptedLlm.immediate()).build();
        List<CandidateQuery> found = tree(step, TreeRules.DEFAULT).grow(root(TEXT), 0).get(10, TimeUnit.SECONDS);

        assertThat(paths(found)).startsWith("r", "1", "2");
        assertThat(found).allSatisfy(c -> assertThat(c.node().text().length()).isGreaterThanOrEqualTo(20));
        assertThat(found).extracting(c -> c.node().depth()).contains(0, 1, 2, 3);
        assertThat(events.events()).anyMatch(e -> e.startsWith("TOO_SHORT"));
    }

    @Test
    void aContextShorterThanLambdaCostsNoCall() throws Exception {
        ScriptedLlm llm = ScriptedLlm.immediate();
        CstStep step = CstStep.builder().backend(llm).build();
        List<CandidateQuery> found = tree(step, TreeRules.DEFAULT).grow(root("Too short a text."), 0).get(5, TimeUnit.SECONDS);
        assertThat(found).isEmpty();
        assertThat(llm.requests()).isEmpty();
        assertThat(events.events()).containsExactly("TOO_SHORT r");
    }

    @Test
    void aSplitNotShorterThanTheParentEndsTheBranch() throws Exception {
        NodeExpander echo = (node, seed) -> CompletableFuture.completedFuture(
                Expansion.of("What happens to tides?", new Split(node.text(), "The Sun adds a pull.")));
        List<CandidateQuery> found = tree(echo, TreeRules.DEFAULT).grow(root(TEXT), 0).get(5, TimeUnit.SECONDS);
        assertThat(paths(found)).containsExactly("r");
        assertThat(events.events()).containsExactly("expanded r", "DEGENERATE_SPLIT r");
    }

    @Test
    void aSubContextWithWordsNotInItsParentIsNotExpanded() throws Exception {
        NodeExpander inventsSecondHalf = (node, seed) -> {
            if (!node.path().isEmpty()) {
                return CompletableFuture.completedFuture(Expansion.of("What does this part say?", null));
            }
            return CompletableFuture.completedFuture(Expansion.of("Why are there tides?", new Split(
                    "Tides rise and fall twice a day on most coasts.",
                    "Volcanic islands often form chains above mantle hotspots.")));
        };
        List<CandidateQuery> found = tree(inventsSecondHalf, TreeRules.DEFAULT).grow(root(TEXT), 0).get(5, TimeUnit.SECONDS);
        assertThat(paths(found)).containsExactly("r", "1");
        assertThat(events.events()).contains("UNFAITHFUL_CHILD 2");
    }

    @Test
    void theHallucinationCheckCanBeTurnedOffAsInTheReference() throws Exception {
        NodeExpander inventsSecondHalf = (node, seed) -> CompletableFuture.completedFuture(node.path().isEmpty()
                ? Expansion.of("Why are there tides?", new Split("Tides rise and fall twice a day.", "Volcanic islands form chains."))
                : Expansion.of("What does this part say?", null));
        List<CandidateQuery> found = tree(inventsSecondHalf, new TreeRules(20, 5, 0)).grow(root(TEXT), 0).get(5, TimeUnit.SECONDS);
        assertThat(paths(found)).containsExactly("r", "1", "2");
    }

    @Test
    void aQuestionShorterThanFiveCharactersIsDiscardedButTheSplitIsUsed() throws Exception {
        NodeExpander terse = (node, seed) -> CompletableFuture.completedFuture(node.path().isEmpty()
                ? new Expansion(java.util.Optional.of("Why?"), halves(node).split(), 0)
                : Expansion.of("What does this part say?", null));
        List<CandidateQuery> found = tree(terse, TreeRules.DEFAULT).grow(root(TEXT), 0).get(5, TimeUnit.SECONDS);
        assertThat(paths(found)).containsExactly("1", "2");
        assertThat(events.events()).contains("rejected r Why?");
    }

    @Test
    void aFailedNodeEndsOnlyItsOwnBranch() throws Exception {
        NodeExpander failsOnFirstChild = (node, seed) -> node.path().equals("1")
                ? CompletableFuture.failedFuture(new LlmException(LlmException.Kind.MALFORMED_OUTPUT, "garbled"))
                : CompletableFuture.completedFuture(halves(node));
        List<CandidateQuery> found = tree(failsOnFirstChild, TreeRules.DEFAULT).grow(root(TEXT), 0).get(5, TimeUnit.SECONDS);
        assertThat(paths(found)).contains("r", "2", "21").doesNotContain("1", "11");
        assertThat(events.events()).contains("failed 1");
    }

    @Test
    void siblingsAreRequestedTogetherAndCandidatesComeInGenerationOrder() throws Exception {
        ScriptedLlm llm = ScriptedLlm.held();
        CstStep step = CstStep.builder().backend(llm).build();
        String text = "The Moon pulls the ocean toward it as the Earth turns. The Sun adds a smaller pull of its own.";
        CompletableFuture<List<CandidateQuery>> grown = tree(step, new TreeRules(30, 5, 0.7)).grow(root(text), 0);

        llm.nextCall(5, TimeUnit.SECONDS).answer();
        ScriptedLlm.Call first = llm.nextCall(5, TimeUnit.SECONDS);
        ScriptedLlm.Call second = llm.nextCall(5, TimeUnit.SECONDS);
        assertThat(llm.inFlight()).isEqualTo(2);
        second.answer();
        first.answer();
        while (!grown.isDone()) {
            ScriptedLlm.Call more = llm.pending().poll(50, TimeUnit.MILLISECONDS);
            if (more != null) {
                more.answer();
            }
        }
        assertThat(paths(grown.get())).startsWith("r", "1", "2");
        assertThat(llm.maxInFlight()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void nodeSeedsDependOnRunSeedRootTreeRunAndPath() {
        RootContext root = root(TEXT);
        long seed = ContextSplitTree.nodeSeed(7, root.node(0));
        assertThat(ContextSplitTree.nodeSeed(7, root.node(0))).isEqualTo(seed);
        assertThat(ContextSplitTree.nodeSeed(8, root.node(0))).isNotEqualTo(seed);
        assertThat(ContextSplitTree.nodeSeed(7, root.node(1))).isNotEqualTo(seed);
        assertThat(ContextSplitTree.nodeSeed(7, root.node(0).child(1, "x"))).isNotEqualTo(seed);
    }
}
