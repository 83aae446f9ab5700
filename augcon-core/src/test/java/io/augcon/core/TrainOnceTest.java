package io.augcon.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.api.Document;
import io.augcon.api.QueryScorer;
import io.augcon.core.scoring.QueryPair;
import io.augcon.testkit.ScriptedLlm;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A pipeline can run only the warm-up of a run that trains its scorer, for a host that trains once for many pipelines. */
class TrainOnceTest {
    @Test
    void theWarmUpAloneTrainsOnTheFirstTreesAndReturnsTheTrainedScorer() throws Exception {
        List<List<QueryPair>> trainings = new ArrayList<>();
        QueryScorer trained = QueryScorer.generationOrder();
        ScriptedLlm llm = ScriptedLlm.immediate();
        AugCon pipeline = AugCon.builder().llm(llm).selection(s -> s.withScorerPairsPerKind(10))
                .trainScorer(pairs -> {
                    trainings.add(pairs);
                    return trained;
                }).build();

        QueryScorer scorer = pipeline.trainScorer(corpus().iterator());

        assertThat(trainings).hasSize(1);
        assertThat(scorer).isSameAs(trained);
        assertThat(trainings.get(0)).hasSizeGreaterThanOrEqualTo(16);
        assertThat(llm.requests()).anySatisfy(r -> assertThat(r.stage()).isEqualTo("scorer-negative"))
                .noneSatisfy(r -> assertThat(r.stage()).startsWith("response"));
    }

    /** The three small documents four times over, under other ids. */
    private static List<Document> corpus() {
        List<Document> corpus = new ArrayList<>();
        for (int copy = 0; copy < 4; copy++) {
            for (Document document : SmallJobSearchTest.threeSmallDocuments()) {
                corpus.add(Document.of(document.id() + "-" + copy, document.text()));
            }
        }
        return corpus;
    }

    @Test
    void aPipelineWithoutATrainerRefuses() {
        AugCon pipeline = AugCon.builder().llm(ScriptedLlm.immediate()).build();

        assertThatThrownBy(() -> pipeline.trainScorer(SmallJobSearchTest.threeSmallDocuments().iterator()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no trainer");
    }
}
