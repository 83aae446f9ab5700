package io.augcon.scorer;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.api.TextEncoder;
import io.augcon.core.scoring.QueryPair;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one test on a real model: bge-small-en from its jar, a short training, save and load by the recorded name. */
class BgeSmallEnIntegrationTest {
    private static final String[][] FACTS = {
        {"The Moon's gravity raises two bulges of ocean water, so most coasts see two high tides a day.", "Why do most coasts get two high tides each day?"},
        {"A sourdough starter is a culture of wild yeasts and lactic acid bacteria kept in flour and water.", "What lives in a sourdough starter?"},
        {"The gear ratio is the number of teeth on the chainring divided by the number on the cog.", "How is a bicycle's gear ratio calculated?"},
        {"Compost needs a mix of nitrogen-rich greens and carbon-rich browns, kept moist and turned for air.", "What does a compost heap need to break down well?"},
        {"A sprint retrospective is a meeting at the end of each sprint about how the team works.", "What is discussed in a sprint retrospective?"},
        {"Library members may borrow up to twelve items at a time for three weeks each.", "How many items can a library member borrow at once?"},
    };

    @TempDir
    Path dir;

    @Test
    void trainsOnRealVectorsAndLoadsWithTheEncoderNamedInTheFile() throws IOException {
        TextEncoder encoder = Encoders.byName("bge-small-en");
        assertThat(encoder.id()).isEqualTo("bge-small-en-v1.5");
        assertThat(encoder.encode(List.of("tides"))[0]).hasSize(384);

        List<QueryPair> pairs = new ArrayList<>();
        for (int i = 0; i < FACTS.length; i++) {
            String context = FACTS[i][0];
            pairs.add(new QueryPair(context, FACTS[i][1], FACTS[(i + 1) % FACTS.length][1], "user"));
            pairs.add(new QueryPair(context, FACTS[i][1], context, "user"));
            pairs.add(new QueryPair(context, FACTS[i][1], "Can you tell me more about this?", "user"));
        }
        TrainedScorer trained = ScorerTrainer.builder().encoder(encoder).heldOutFraction(0).maxEpochs(40).build().train(pairs);
        assertThat(trained.report().trainAccuracy()).isEqualTo(1.0);

        Path file = dir.resolve("en.json");
        trained.scorer().save(file);
        ContrastiveScorer loaded = ContrastiveScorer.load(file);
        List<String> contexts = pairs.stream().map(QueryPair::context).toList();
        List<String> negatives = pairs.stream().map(QueryPair::negative).toList();
        assertThat(loaded.encoderId()).isEqualTo("bge-small-en-v1.5");
        assertThat(loaded.score(contexts, negatives)).containsExactly(trained.scorer().score(contexts, negatives));
    }
}
