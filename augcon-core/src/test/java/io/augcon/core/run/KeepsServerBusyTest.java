package io.augcon.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.api.Document;
import io.augcon.core.AugCon;
import io.augcon.testkit.ScriptedLlm;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The engine keeps {@code concurrency} requests in flight while work exists: many roots' trees at
 * once, and the answers of finished roots alongside the trees of later ones, not as a phase of
 * their own. The model answers one request at a time, oldest first, and the test waits for the
 * engine to fill the freed place before answering the next: a slot left empty fails the wait.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KeepsServerBusyTest {
    private static final int CONCURRENCY = 6;
    /** Roots: their trees take about 600 requests, twice the most the first root's took under load. */
    private static final int DOCUMENTS = 40;
    /** Answers during which every place must be refilled at once. */
    private static final int CHECKED_FULL = 300;
    private static final String TEXT = "Tides rise and fall twice a day on most coasts of the world. "
            + "The Moon pulls the ocean toward it as the Earth turns beneath it. "
            + "The Sun adds a smaller pull of its own, about half as strong. "
            + "When the Sun and the Moon line up, at new and full moon, the tides are strongest and are called spring tides. "
            + "When they pull at right angles, the range is smallest; these are the neap tides.";

    @Test
    void everyAnsweredRequestIsReplacedWhileWorkRemainsAndAnswersInterleaveWithTrees() throws Exception {
        ScriptedLlm llm = ScriptedLlm.held();
        List<Document> corpus = new ArrayList<>();
        for (int i = 0; i < DOCUMENTS; i++) {
            corpus.add(Document.of("tides-" + i, TEXT));
        }
        AugCon augcon = AugCon.builder().llm(llm).concurrency(CONCURRENCY).build();
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            Future<?> run = runner.submit(() -> augcon.generate(corpus));
            Deque<ScriptedLlm.Call> inFlight = new ArrayDeque<>();
            List<String> stages = new ArrayList<>();
            // Well before the end of the corpus's work (40 roots x about 15 tree and 8 answer
            // requests, and 2 x 48 for the demonstration search), every place is refilled.
            for (int answered = 0; answered < CHECKED_FULL; answered++) {
                while (inFlight.size() < CONCURRENCY) {
                    inFlight.add(llm.nextCall(10, TimeUnit.SECONDS));
                }
                assertThat(llm.inFlight()).isEqualTo(CONCURRENCY);
                ScriptedLlm.Call oldest = inFlight.poll();
                stages.add(oldest.request().stage());
                oldest.answer();
            }
            inFlight.forEach(call -> {
                stages.add(call.request().stage());
                call.answer();
            });
            while (!run.isDone()) {
                ScriptedLlm.Call next = llm.pending().poll(100, TimeUnit.MILLISECONDS);
                if (next != null) {
                    stages.add(next.request().stage());
                    next.answer();
                }
            }
            run.get();
            // The first root's answers wait only for its own tree (its requests go first), not for
            // every tree: how soon they come depends on how fast the CPU threads parse against
            // this test's answering, so the whole run is looked at, with twice as many trees as
            // the first root needs in the slowest runs seen.
            int firstAnswer = stages.indexOf("response");
            assertThat(firstAnswer).as("an answer request in the run").isNotNegative();
            assertThat(stages.subList(firstAnswer, stages.size())).as("trees still grow after the first answer")
                    .contains("cst");
        } finally {
            runner.shutdownNow();
        }
    }
}
