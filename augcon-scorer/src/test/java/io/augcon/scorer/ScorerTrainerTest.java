package io.augcon.scorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.core.scoring.QueryPair;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScorerTrainerTest {
    private static final List<QueryPair> TRAIN = SyntheticPairs.make(160, 3, 1);
    private static final List<QueryPair> HELD_OUT = SyntheticPairs.make(40, 3, 2);

    private static ScorerTrainer.Builder fast() {
        return ScorerTrainer.builder().encoder(new HashingEncoder(48)).hiddenUnits(32).maxEpochs(60).patience(6);
    }

    private static double accuracy(PairScorer scorer, List<QueryPair> pairs) {
        int correct = 0;
        for (QueryPair p : pairs) {
            if (scorer.score(p.context(), p.positive()) > scorer.score(p.context(), p.negative())) {
                correct++;
            }
        }
        return correct / (double) pairs.size();
    }

    @Test
    void learnsASeparableTaskThatCosineCannot() {
        TrainedScorer trained = fast().build().train(TRAIN, HELD_OUT);

        assertThat(trained.report().bestHeldOutAccuracy()).isGreaterThan(0.9);
        assertThat(accuracy(trained.scorer(), HELD_OUT)).isEqualTo(trained.report().bestHeldOutAccuracy());
        assertThat(accuracy(new CosineScorer(new HashingEncoder(48)), HELD_OUT)).isLessThan(0.75);
    }

    @Test
    void theSameSeedGivesTheSameScoresAndAnotherSeedOtherScores() {
        List<String> contexts = HELD_OUT.stream().map(QueryPair::context).toList();
        List<String> queries = HELD_OUT.stream().map(QueryPair::positive).toList();

        double[] first = fast().seed(7).build().train(TRAIN).scorer().score(contexts, queries);
        double[] second = fast().seed(7).build().train(TRAIN).scorer().score(contexts, queries);
        double[] other = fast().seed(8).build().train(TRAIN).scorer().score(contexts, queries);

        assertThat(second).containsExactly(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void bothLossesReduceTheTrainingLossAndRankHeldOutPairs() {
        for (ContrastiveLoss loss : ContrastiveLoss.values()) {
            TrainingReport report = fast().loss(loss).build().train(TRAIN, HELD_OUT).report();
            assertThat(report.loss()).isEqualTo(loss);
            assertThat(report.finalTrainLoss()).as(loss.name()).isLessThan(report.initialTrainLoss() - 0.2);
            assertThat(report.bestHeldOutAccuracy()).as(loss.name()).isGreaterThan(0.8);
        }
    }

    @Test
    void earlyStoppingKeepsTheEpochWithTheLowestHeldOutLoss() {
        TrainingReport report = fast().maxEpochs(200).patience(3).build().train(TRAIN, HELD_OUT).report();
        List<Double> heldOutLoss = report.heldOutLoss();

        assertThat(heldOutLoss).hasSize(report.epochsRun());
        assertThat(report.stoppedEarly()).isTrue();
        assertThat(report.epochsRun()).isEqualTo(report.bestEpoch() + 3);
        assertThat(heldOutLoss.get(report.bestEpoch() - 1)).isEqualTo(heldOutLoss.stream().min(Double::compare).orElseThrow());
        assertThat(report.bestHeldOutAccuracy()).isEqualTo(report.heldOutAccuracy().get(report.bestEpoch() - 1));
    }

    @Test
    void withNothingHeldOutEveryEpochRunsAndAccuracyIsNaN() {
        TrainingReport report = fast().maxEpochs(5).heldOutFraction(0).build().train(TRAIN).report();
        assertThat(report.epochsRun()).isEqualTo(5);
        assertThat(report.bestEpoch()).isEqualTo(5);
        assertThat(report.heldOutPairs()).isZero();
        assertThat(report.bestHeldOutAccuracy()).isNaN();
        assertThat(report.trainLoss()).hasSize(5);
    }

    @Test
    void theSplitHoldsOutWholeContextsOfAboutTheAskedShare() {
        List<List<QueryPair>> split = fast().heldOutFraction(0.2).build().split(TRAIN);
        Set<String> trainContexts = new HashSet<>();
        split.get(0).forEach(p -> trainContexts.add(p.context()));

        assertThat(split.get(0).size() + split.get(1).size()).isEqualTo(TRAIN.size());
        assertThat(split.get(1).size()).isBetween((int) (TRAIN.size() * 0.2), (int) (TRAIN.size() * 0.2) + 3);
        assertThat(split.get(1)).noneMatch(p -> trainContexts.contains(p.context()));
    }

    @Test
    void aSplitByPairMixesContexts() {
        List<List<QueryPair>> split = fast().heldOutFraction(0.2).splitByContext(false).build().split(TRAIN);
        Set<String> trainContexts = new HashSet<>();
        split.get(0).forEach(p -> trainContexts.add(p.context()));

        assertThat(split.get(1)).hasSize((int) Math.round(TRAIN.size() * 0.2));
        assertThat(split.get(1)).anyMatch(p -> trainContexts.contains(p.context()));
    }

    @Test
    void eachDistinctTextIsEncodedOnceAndTheScorerReusesThem() {
        HashingEncoder encoder = new HashingEncoder(48);
        TrainedScorer trained = ScorerTrainer.builder().encoder(encoder).maxEpochs(2).build().train(TRAIN, HELD_OUT);
        Set<String> distinct = new HashSet<>();
        for (List<QueryPair> list : List.of(TRAIN, HELD_OUT)) {
            list.forEach(p -> distinct.addAll(List.of(p.context(), p.positive(), p.negative())));
        }
        assertThat(encoder.calls).isEqualTo(1);
        assertThat(encoder.texts).isEqualTo(distinct.size());

        trained.scorer().score(TRAIN.get(0).context(), TRAIN.get(0).positive());
        assertThat(encoder.calls).isEqualTo(1);
    }

    @Test
    void badSettingsAreRejected() {
        assertThatThrownBy(() -> ScorerTrainer.builder().heldOutFraction(1.0)).hasMessageContaining("heldOutFraction");
        assertThatThrownBy(() -> ScorerTrainer.builder().dropout(-0.1)).hasMessageContaining("dropout");
        assertThatThrownBy(() -> ScorerTrainer.builder().hiddenUnits(0)).hasMessageContaining("hiddenUnits");
        assertThatThrownBy(() -> ScorerTrainer.builder().learningRate(0)).hasMessageContaining("learningRate");
        assertThatThrownBy(() -> fast().build().train(List.of())).hasMessageContaining("no pairs");
    }
}
