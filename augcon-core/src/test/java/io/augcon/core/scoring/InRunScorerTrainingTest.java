package io.augcon.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.api.Document;
import io.augcon.api.Language;
import io.augcon.api.QueryScorer;
import io.augcon.api.SftRecord;
import io.augcon.core.AugCon;
import io.augcon.core.internal.run.NegativeQueries;
import io.augcon.core.output.JsonlRecordWriter;
import io.augcon.core.output.RecordFormat;
import io.augcon.core.run.RunSummary;
import io.augcon.core.internal.run.ScorerWarmup;
import io.augcon.core.tree.CstPrompt;
import io.augcon.testkit.ScriptedLlm;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class InRunScorerTrainingTest {
    static final String TIDES = "Tides rise and fall twice a day on most coasts of the world. "
            + "The Moon pulls the ocean toward it as the Earth turns beneath it. "
            + "The Sun adds a smaller pull of its own, about half as strong. "
            + "When the Sun and the Moon line up, at new and full moon, the tides are strongest and are called spring tides. "
            + "When they pull at right angles, the range is smallest; these are the neap tides.";
    static final String TEA = "绿茶不经过发酵，采摘后很快用高温杀青，以保持茶叶的绿色和清香。"
            + "红茶则要经过充分的氧化，茶叶在揉捻后放置一段时间，颜色逐渐变红，滋味也变得醇厚。"
            + "乌龙茶介于两者之间，属于半发酵茶，制作时需要反复摇青，让叶片边缘先氧化。";

    /** Records the pairs it was given and ranks shorter queries first. */
    static final class RecordingTrainer implements PairTrainer {
        final List<QueryPair> pairs = new CopyOnWriteArrayList<>();

        @Override
        public QueryScorer train(List<QueryPair> given) {
            pairs.addAll(given);
            return new QueryScorer() {
                @Override
                public double[] score(List<io.augcon.api.CandidateQuery> candidates) {
                    return candidates.stream().mapToDouble(c -> -c.query().length()).toArray();
                }

                @Override
                public String id() {
                    return "shortest-first";
                }
            };
        }
    }

    private static List<Document> corpus() {
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            docs.add(Document.of("tides-" + i, TIDES));
            docs.add(Document.of("tea-" + i, TEA));
        }
        return docs;
    }

    @Test
    void theRunTrainsOnItsOwnQueriesAgainstThreeKindsOfNegativesThenRanksWithTheResult() throws Exception {
        ScriptedLlm llm = ScriptedLlm.immediate();
        RecordingTrainer trainer = new RecordingTrainer();
        AugCon augcon = AugCon.builder().llm(llm).trainScorer(trainer).selection(s -> s.withScorerPairsPerKind(8)).build();
        List<SftRecord> records = new ArrayList<>();
        RunSummary summary = augcon.run(corpus().stream(), records::add);

        // 8 negatives of each kind are asked for; the scripted LLM sometimes repeats the positive,
        // and such a negative is left out and counted.
        int pairs = trainer.pairs.size();
        assertThat(pairs).isBetween(ScorerWarmup.MIN_PAIRS, 24);
        assertThat(trainer.pairs.stream().collect(Collectors.groupingBy(QueryPair::kind, Collectors.counting())))
                .containsOnlyKeys("brief-instruction", "fewer-examples", "both").allSatisfy((k, n) -> assertThat(n).isLessThanOrEqualTo(8L));
        assertThat(trainer.pairs).allSatisfy(p -> {
            assertThat(p.negative()).isNotEqualTo(p.positive());
            assertThat(p.context()).as("a root context or a part of one").satisfiesAnyOf(
                    c -> assertThat(TIDES).contains(c), c -> assertThat(TEA).contains(c));
        });
        assertThat(records).isNotEmpty().allSatisfy(r -> assertThat(r.score()).isNotNull());
        assertThat(records).allSatisfy(r -> assertThat(r.provenance()).containsEntry("scorer", "shortest-first"));
        assertThat(summary.scorer()).contains("shortest-first").contains("trained in this run on " + pairs + " pairs")
                .contains("(" + (24 - pairs) + " negatives unusable)");
        // The warm-up's trees are replayed, not asked again: one CST call per expanded node.
        assertThat(summary.llmCalls().get("cst")).isEqualTo(summary.nodesExpanded());
        assertThat(summary.llmCalls().get(NegativeQueries.STAGE)).isEqualTo(24L);
    }

    @Test
    void negativePromptsAreWeakerVersionsOfTheFullPrompt() {
        CstPrompt full = CstPrompt.defaults(Language.EN);
        assertThat(full.examples()).hasSizeGreaterThan(1);
        CstPrompt brief = NegativeKind.BRIEF_INSTRUCTION.weaken(full);
        assertThat(brief.instruction()).isEqualTo(CstPrompt.briefInstruction(Language.EN)).isNotEqualTo(full.instruction());
        assertThat(brief.examples()).isEqualTo(full.examples());
        CstPrompt fewer = NegativeKind.FEWER_EXAMPLES.weaken(full);
        assertThat(fewer.instruction()).isEqualTo(full.instruction());
        assertThat(fewer.examples()).hasSize(1);
        CstPrompt both = NegativeKind.BOTH.weaken(full);
        assertThat(both.instruction()).isEqualTo(brief.instruction());
        assertThat(both.examples()).hasSize(1);
        assertThat(both.id()).isNotIn(full.id(), brief.id(), fewer.id());
    }

    @Test
    void trainingInTheRunIsReproducibleForASeed() throws Exception {
        List<String> first = lines(7);
        assertThat(lines(7)).isEqualTo(first);
    }

    private static List<String> lines(long seed) throws Exception {
        AugCon augcon = AugCon.builder().llm(ScriptedLlm.immediate()).trainScorer(new RecordingTrainer())
                .selection(s -> s.withScorerPairsPerKind(8)).seed(seed).concurrency(4).build();
        return augcon.generate(corpus()).records().stream().map(r -> JsonlRecordWriter.line(r, RecordFormat.AUGCON)).toList();
    }

    @Test
    void tooFewPairsLeaveGenerationOrderAndSaySo() throws Exception {
        RecordingTrainer trainer = new RecordingTrainer();
        AugCon augcon = AugCon.builder().llm(ScriptedLlm.immediate()).trainScorer(trainer).selection(s -> s.withScorerPairsPerKind(2)).build();
        List<SftRecord> records = new ArrayList<>();
        RunSummary summary = augcon.run(List.of(Document.of("tides", TIDES)).stream(), records::add);
        assertThat(trainer.pairs).isEmpty();
        assertThat(summary.scorer()).contains("not trained").contains("generation order");
        assertThat(records).isNotEmpty().allSatisfy(r -> assertThat(r.score()).isNull());
    }

    @Test
    void withoutATrainerTheSummarySaysNoScorerRanked() throws Exception {
        RunSummary summary = AugCon.builder().llm(ScriptedLlm.immediate()).build()
                .run(List.of(Document.of("tides", TIDES)).stream(), r -> { });
        assertThat(summary.scorer()).contains("generation order");
        assertThat(summary.format()).contains("scorer none");
    }
}
