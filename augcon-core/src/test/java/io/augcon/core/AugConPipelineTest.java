package io.augcon.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.api.Document;
import io.augcon.api.Language;
import io.augcon.api.LlmException;
import io.augcon.api.LlmResponse;
import io.augcon.api.SftRecord;
import io.augcon.core.output.JsonlRecordWriter;
import io.augcon.core.output.RecordFormat;
import io.augcon.core.output.RecordSink;
import io.augcon.core.run.RunSummary;
import io.augcon.core.text.RougeL;
import io.augcon.core.text.Tokenizer;
import io.augcon.testkit.ManualScheduler;
import io.augcon.testkit.ScriptedAnswers;
import io.augcon.testkit.ScriptedLlm;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AugConPipelineTest {
    static final String TIDES = "Tides rise and fall twice a day on most coasts of the world. "
            + "The Moon pulls the ocean toward it as the Earth turns beneath it. "
            + "The Sun adds a smaller pull of its own, about half as strong. "
            + "When the Sun and the Moon line up, at new and full moon, the tides are strongest and are called spring tides. "
            + "When they pull at right angles, the range is smallest; these are the neap tides.";
    static final String BREAD = "A sourdough starter is a culture of wild yeast and lactic acid bacteria living in flour and water. "
            + "Feeding it fresh flour every day keeps the microbes active and the culture stable. "
            + "The bacteria make the acids that give the bread its sour taste, while the yeast makes the gas that lifts the dough.";
    static final String TEA = "绿茶不经过发酵，采摘后很快用高温杀青，以保持茶叶的绿色和清香。"
            + "红茶则要经过充分的氧化，茶叶在揉捻后放置一段时间，颜色逐渐变红，滋味也变得醇厚。"
            + "乌龙茶介于两者之间，属于半发酵茶，制作时需要反复摇青，让叶片边缘先氧化。";

    static List<Document> corpus() {
        return List.of(Document.of("tides", TIDES), Document.of("bread", BREAD), Document.of("tea", TEA));
    }

    private static List<SftRecord> run(AugConBuilder builder) throws InterruptedException {
        return builder.build().generate(corpus()).records();
    }

    @Test
    void recordsCarryEveryFieldAndComeFromSeveralDepths() throws Exception {
        List<SftRecord> records = run(AugCon.builder().llm(ScriptedLlm.immediate()));

        assertThat(records).isNotEmpty();
        assertThat(records).allSatisfy(r -> {
            assertThat(r.query()).isNotBlank();
            assertThat(r.response()).isNotBlank();
            assertThat(r.context()).isNotBlank();
            assertThat(r.rootEnd()).isGreaterThan(r.rootStart());
            assertThat(r.model()).isEqualTo("scripted");
            assertThat(r.provenance()).containsKeys("tree_run", "node_path", "cst_step", "scorer", "response_prompt");
        });
        assertThat(records.stream().map(SftRecord::depth).distinct().count()).isGreaterThanOrEqualTo(3);
        assertThat(records).extracting(SftRecord::language).contains(Language.EN, Language.ZH);
        assertThat(records.stream().map(SftRecord::id).distinct().count()).isEqualTo(records.size());
    }

    @Test
    void noRootExceedsItsQuotaAndKeptQueriesOfARootAreNotNearDuplicates() throws Exception {
        List<SftRecord> records = run(AugCon.builder().llm(ScriptedLlm.immediate()));
        Map<String, List<SftRecord>> byRoot = records.stream().collect(Collectors.groupingBy(SftRecord::rootId));
        for (List<SftRecord> root : byRoot.values()) {
            int chars = root.get(0).rootEnd() - root.get(0).rootStart();
            assertThat(root.size()).isLessThanOrEqualTo(chars / 35);
            for (int i = 0; i < root.size(); i++) {
                for (int j = 0; j < i; j++) {
                    Language lang = root.get(i).language();
                    double rouge = RougeL.score(Tokenizer.tokens(root.get(i).query(), lang),
                            Tokenizer.tokens(root.get(j).query(), lang)).precision();
                    assertThat(rouge).as("%s vs %s", root.get(i).query(), root.get(j).query()).isLessThan(0.7);
                }
            }
        }
    }

    @Test
    void theQuotaIsExactlyFloorOfLengthOver35WhenCandidatesSuffice() throws Exception {
        AugCon augcon = AugCon.builder().llm(ScriptedLlm.immediate()).corpus(c -> c.withMaxChunkChars(2000)).build();
        List<SftRecord> records = augcon.generate(List.of(Document.of("tides", TIDES))).records();
        assertThat(records).hasSize(TIDES.length() / 35);
    }

    @Test
    void theSameSeedAndAnswersGiveTheSameOutputWhateverTheOrderAnswersArriveIn() throws Exception {
        List<String> first = lines(AugCon.builder().llm(ScriptedLlm.immediate()).seed(3).concurrency(1));
        List<String> second = lines(AugCon.builder().llm(shuffledAnswers()).seed(3).concurrency(8));
        assertThat(second).isEqualTo(first);
        List<String> otherSeed = lines(AugCon.builder().llm(ScriptedLlm.immediate()).seed(4));
        assertThat(otherSeed).isNotEqualTo(first);
    }

    private static List<String> lines(AugConBuilder builder) throws Exception {
        return run(builder).stream().map(r -> JsonlRecordWriter.line(r, RecordFormat.AUGCON)).toList();
    }

    /** A held backend answered by a thread that answers whatever is pending in random order. */
    private static ScriptedLlm shuffledAnswers() {
        ScriptedLlm llm = ScriptedLlm.held();
        Thread answerer = new Thread(() -> {
            Random random = new Random(1);
            List<ScriptedLlm.Call> batch = new ArrayList<>();
            try {
                while (true) {
                    batch.add(llm.pending().take());
                    llm.pending().drainTo(batch);
                    Collections.shuffle(batch, random);
                    batch.forEach(ScriptedLlm.Call::answer);
                    batch.clear();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "shuffled-answers");
        answerer.setDaemon(true);
        answerer.start();
        return llm;
    }

    @Test
    void theRunWideConcurrencyBoundIsReachedAndNeverExceeded() throws Exception {
        ScriptedLlm llm = shuffledAnswers();
        List<Document> many = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            many.add(Document.of("tides-" + i, TIDES));
        }
        AugCon augcon = AugCon.builder().llm(llm).concurrency(5).build();
        augcon.generate(many);
        assertThat(llm.maxInFlight()).isEqualTo(5);
    }

    @Test
    void rootsThatCannotFillTheirQuotaAreReportedShort() throws Exception {
        ScriptedLlm sameQuestion = ScriptedLlm.answering(r -> {
            LlmResponse scripted = ScriptedAnswers.answer(r);
            return r.prompt() == null ? scripted
                    : LlmResponse.of(scripted.text().replaceFirst("Question: [^\n]*", "Question: Why are there tides at all?"));
        });
        List<RunSummary> summaries = new ArrayList<>();
        AugCon augcon = AugCon.builder().llm(sameQuestion).selection(s -> s.withMaxTreeRuns(2)).build();
        summaries.add(augcon.run(List.of(Document.of("tides", TIDES)).stream(), record -> { }));
        RunSummary summary = summaries.get(0);
        assertThat(summary.records()).isEqualTo(1);
        assertThat(summary.rootsShort()).isEqualTo(1);
        assertThat(summary.pairsShort()).isEqualTo(summary.quota() - 1);
        assertThat(summary.duplicates()).isPositive();
        assertThat(summary.format()).contains("1 roots short by " + summary.pairsShort() + " pairs");
    }

    @Test
    void theSummaryCountsCallsAndTokensByStage() throws Exception {
        // The reference's budget, given: the automatic one would skip the search on so small a job.
        RunSummary summary = AugCon.builder().llm(ScriptedLlm.immediate()).responses(r -> r.withSearchBudget(8)).build()
                .run(corpus().stream(), record -> { });
        assertThat(summary.documents()).isEqualTo(3);
        assertThat(summary.llmCalls()).containsOnlyKeys("cst", "response", "response-search", "response-judge");
        assertThat(summary.llmCalls().get("response")).isEqualTo(summary.records());
        // The demonstration search, once per language: 8 candidate sets x 6 bundled seed
        // examples, one answer and one judgement each (the scripted verdicts always parse).
        assertThat(summary.llmCalls().get("response-search")).isEqualTo(2 * 8 * 6);
        assertThat(summary.llmCalls().get("response-judge")).isEqualTo(2 * 8 * 6);
        assertThat(summary.llmCalls().get("cst")).isEqualTo(summary.nodesExpanded());
        assertThat(summary.tokens().get("cst").outputTokens()).isPositive();
    }

    @Test
    void aFailingSinkFailsTheRun() {
        AugCon augcon = AugCon.builder().llm(ScriptedLlm.immediate()).build();
        RecordSink broken = record -> {
            throw new IOException("disk full");
        };
        assertThatThrownBy(() -> augcon.run(corpus().stream(), broken)).isInstanceOf(IOException.class).hasMessage("disk full");
    }

    @Test
    void buildingWithoutAnLlmNamesTheKnob() {
        assertThatThrownBy(() -> AugCon.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("llm:");
    }

    @Test
    void badKnobValuesAreRejectedByName() {
        assertThatThrownBy(() -> AugCon.builder().concurrency(0)).hasMessageContaining("concurrency");
        assertThatThrownBy(() -> AugCon.builder().selection(s -> s.withRougeThreshold(1.5))).hasMessageContaining("rougeThreshold");
        assertThatThrownBy(() -> AugCon.builder().selection(s -> s.withOversample(0.5))).hasMessageContaining("oversample");
        assertThatThrownBy(() -> AugCon.builder().tree(t -> t.withMinChildPrecision(-0.1))).hasMessageContaining("minChildPrecision");
    }

    @Test
    void aCustomScorerDecidesWhichQueriesAreKept() throws Exception {
        AugCon shortestFirst = AugCon.builder().llm(ScriptedLlm.immediate())
                .scorer(candidates -> candidates.stream().mapToDouble(c -> -c.node().text().length()).toArray())
                .build();
        List<SftRecord> records = shortestFirst.generate(List.of(Document.of("tides", TIDES))).records();
        assertThat(records).allSatisfy(r -> assertThat(r.score()).isNotNull());
        assertThat(records.get(0).depth()).isGreaterThan(0);
        List<Double> scores = records.stream().map(SftRecord::score).toList();
        assertThat(scores).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void recordsOfOneRunArriveInCorpusOrder() throws Exception {
        List<SftRecord> records = run(AugCon.builder().llm(shuffledAnswers()).concurrency(8));
        List<String> documents = records.stream().map(SftRecord::documentId).distinct().toList();
        assertThat(documents).containsExactly("tides", "bread", "tea");
    }

    @Test
    void anAnswerEveryRequestWouldGetEndsTheRunButAServerErrorEndsOnlyItsBranch() throws Exception {
        AugCon refused = AugCon.builder().llm(ScriptedLlm.answering(r -> {
            throw LlmException.forStatus(401, "HTTP 401: invalid API key");
        })).build();
        assertThatThrownBy(() -> refused.generate(corpus()))
                .isInstanceOf(LlmException.class).hasMessageContaining("401");

        AugCon flaky = AugCon.builder().llm(ScriptedLlm.answering(r -> {
            if (r.prompt() != null && r.prompt().contains("Feeding it fresh flour")) {
                throw LlmException.forStatus(500, "HTTP 500: overloaded");
            }
            return ScriptedAnswers.answer(r);
        })).scheduler(ManualScheduler.autoAdvancing()).build();
        RunSummary summary = flaky.run(corpus().stream(), record -> { });
        assertThat(summary.records()).isPositive();
        assertThat(summary.nodeFailures()).containsKey("http_status");
        long failedNodes = summary.nodeFailures().get("http_status");
        assertThat(summary.resilience().gaveUp()).containsEntry("http_status", failedNodes);
        assertThat(summary.resilience().retries()).containsEntry("http_status", 4 * failedNodes);
        assertThat(summary.llmFailures()).containsEntry("http_status", 5 * failedNodes);
    }
}
