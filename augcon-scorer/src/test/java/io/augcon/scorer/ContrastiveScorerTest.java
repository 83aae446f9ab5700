package io.augcon.scorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.api.CandidateQuery;
import io.augcon.api.ContextNode;
import io.augcon.api.Language;
import io.augcon.api.QueryScorer;
import io.augcon.api.RootContext;
import io.augcon.core.scoring.QueryPair;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContrastiveScorerTest {
    private static final List<QueryPair> TRAIN = SyntheticPairs.make(160, 3, 1);
    private static final List<QueryPair> PROBE = SyntheticPairs.make(30, 3, 3);
    private static TrainedScorer trained;

    @TempDir
    Path dir;

    @BeforeAll
    static void train() {
        trained = ScorerTrainer.builder().encoder(new HashingEncoder(48)).hiddenUnits(32).maxEpochs(40).seed(3)
                .build().train(TRAIN);
    }

    private static List<String> contexts() {
        return PROBE.stream().map(QueryPair::context).toList();
    }

    private static List<String> queries() {
        return java.util.stream.IntStream.range(0, PROBE.size())
                .mapToObj(i -> i % 2 == 0 ? PROBE.get(i).positive() : PROBE.get(i).negative()).toList();
    }

    @Test
    void aSavedScorerLoadsWithIdenticalScoresIdAndReport() throws IOException {
        Path file = dir.resolve("scorer.json");
        trained.scorer().save(file);
        ContrastiveScorer loaded = ContrastiveScorer.load(file, new HashingEncoder(48));

        assertThat(loaded.score(contexts(), queries())).containsExactly(trained.scorer().score(contexts(), queries()));
        assertThat(loaded.id()).isEqualTo(trained.scorer().id()).startsWith("contrastive/hashing-48/");
        assertThat(loaded.report()).isEqualTo(trained.report());
        assertThat(loaded.features()).isEqualTo(FeatureLayout.CONTEXT_QUERY_PRODUCT_DIFFERENCE);
        assertThat(loaded.loss()).isEqualTo(ContrastiveLoss.LOG_SIGMOID_MARGIN);
        assertThat(loaded.hiddenUnits()).isEqualTo(32);
        assertThat(loaded.dimension()).isEqualTo(48);
    }

    @Test
    void aReportWithNaNSurvivesTheRoundTrip() throws IOException {
        TrainedScorer noHeldOut = ScorerTrainer.builder().encoder(new HashingEncoder(16)).hiddenUnits(4).maxEpochs(2)
                .heldOutFraction(0).build().train(TRAIN.subList(0, 30));
        Path file = dir.resolve("nan.json");
        noHeldOut.scorer().save(file);
        assertThat(ContrastiveScorer.load(file, new HashingEncoder(16)).report().bestHeldOutAccuracy()).isNaN();
    }

    @Test
    void loadingWithAnotherEncoderNamesBoth() throws IOException {
        Path file = dir.resolve("scorer.json");
        trained.scorer().save(file);
        assertThatThrownBy(() -> ContrastiveScorer.load(file, new HashingEncoder(48, "other-encoder")))
                .isInstanceOf(EncoderMismatchException.class)
                .hasMessageContaining("'hashing-48'")
                .hasMessageContaining("'other-encoder'");
    }

    @Test
    void loadingByTheRecordedNameOfAnEncoderThatIsNotBundledSaysSo() throws IOException {
        Path file = dir.resolve("scorer.json");
        trained.scorer().save(file);
        assertThatThrownBy(() -> ContrastiveScorer.load(file)).isInstanceOf(ScorerFileException.class)
                .hasMessageContaining("'hashing-48', which is not bundled");
    }

    @Test
    void anEncoderWithTheRightNameButAnotherDimensionFailsWhenScoring() throws IOException {
        Path file = dir.resolve("scorer.json");
        trained.scorer().save(file);
        ContrastiveScorer loaded = ContrastiveScorer.load(file, new HashingEncoder(24, "hashing-48"));
        assertThatThrownBy(() -> loaded.score("a", "b")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dimension 24").hasMessageContaining("dimension 48");
    }

    @Test
    void anUnknownVersionIsRefused() throws IOException {
        Path file = dir.resolve("scorer.json");
        trained.scorer().save(file);
        Files.writeString(file, Files.readString(file).replaceFirst("\"version\" : 1", "\"version\" : 2"));
        assertThatThrownBy(() -> ContrastiveScorer.load(file, new HashingEncoder(48)))
                .isInstanceOf(ScorerFileException.class)
                .hasMessage(file + ": scorer file format version 2 is not supported; this library reads version 1");
    }

    @Test
    void damagedFilesAreRefusedWithTheReason() throws IOException {
        Path file = dir.resolve("scorer.json");
        trained.scorer().save(file);
        String json = Files.readString(file);

        Files.writeString(file, json.substring(0, json.length() / 2));
        assertThatThrownBy(() -> ContrastiveScorer.load(file, new HashingEncoder(48)))
                .isInstanceOf(ScorerFileException.class).hasMessageContaining("not valid JSON");

        String b2 = json.substring(json.indexOf("\"b2\""));
        Files.writeString(file, json.replace(b2.substring(0, b2.indexOf('\n')), "\"b2\" : \"AACAPw==\""));
        assertThatThrownBy(() -> ContrastiveScorer.load(file, new HashingEncoder(48)))
                .isInstanceOf(ScorerFileException.class).hasMessageContaining("SHA-256");

        Files.writeString(file, json.replaceFirst("\"hidden\" : 32", "\"hidden\" : 31"));
        assertThatThrownBy(() -> ContrastiveScorer.load(file, new HashingEncoder(48)))
                .isInstanceOf(ScorerFileException.class).hasMessageContaining("\"w1\" hold");

        Files.writeString(file, "{\"format\":\"something-else\"}", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ContrastiveScorer.load(file, new HashingEncoder(48)))
                .isInstanceOf(ScorerFileException.class).hasMessageContaining("not a scorer file");
    }

    @Test
    void asAQueryScorerItScoresCandidatesByTheirNodeTextAndRanksTheGroundedQuestionFirst() {
        QueryPair probe = PROBE.get(0);
        ContextNode node = new RootContext("doc#0", "doc", 0, 0, 0, probe.context().length(), probe.context(), Language.EN).node(0);
        String copy = probe.context();
        String generic = "what is this about?";
        List<CandidateQuery> candidates = List.of(new CandidateQuery(copy, node),
                new CandidateQuery(probe.positive(), node), new CandidateQuery(generic, node));

        QueryScorer scorer = trained.scorer();
        double[] scores = scorer.score(candidates);

        assertThat(scores).containsExactly(trained.scorer().score(List.of(copy, copy, copy), List.of(copy, probe.positive(), generic)));
        assertThat(scores[1]).isGreaterThan(scores[0]);
        assertThat(scores[1]).isGreaterThan(scores[2]);
        assertThat(scorer.ranks()).isTrue();
    }

    @Test
    void aPairScoresTheSameAloneAndAnywhereInABatch() {
        List<String> contexts = contexts().subList(0, 11);
        List<String> queries = queries().subList(0, 11);
        double[] batch = trained.scorer().score(contexts, queries);
        for (int i = 0; i < batch.length; i++) {
            assertThat(trained.scorer().score(contexts.get(i), queries.get(i))).isEqualTo(batch[i]);
        }
    }

    @Test
    void listsOfDifferentSizesAreRejected() {
        assertThatThrownBy(() -> trained.scorer().score(List.of("a", "b"), List.of("q")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 contexts but 1 queries");
    }

    @Test
    void theCosineBaselineIsTheDotProductOfTheUnitVectors() {
        HashingEncoder encoder = new HashingEncoder(48);
        CosineScorer cosine = new CosineScorer(encoder);
        float[][] v = encoder.encode(List.of("alpha beta", "beta gamma"));

        assertThat(cosine.score("alpha beta", "alpha beta")).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(cosine.score("alpha beta", "beta gamma")).isEqualTo(Encoded.dot(v[0], v[1]));
        assertThat(cosine.id()).isEqualTo("cosine/hashing-48");
    }
}
