package io.augcon.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.augcon.api.Language;
import io.augcon.core.event.SearchReport;
import io.augcon.core.run.DropCount;
import io.augcon.core.run.RunFacts;
import io.augcon.core.run.RunSummary;
import io.augcon.report.DatasetReport.Bin;
import io.augcon.report.DatasetReport.Count;
import io.augcon.report.DatasetReport.Distribution;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every number below is worked out by hand from {@link SmallSet}; the comments show how. */
class ReportBuilderTest {

    private static DatasetReport report(RunFacts facts) {
        ReportBuilder builder = ReportBuilder.create().encoder(SmallSet.twoDirections()).sampleSize(5);
        SmallSet.records().forEach(builder::add);
        return builder.build(facts);
    }

    private static List<Long> counts(DatasetReport.Histogram histogram) {
        return histogram.bins().stream().map(Bin::count).toList();
    }

    @Test
    void countsPerDocumentRootDepthAndLanguage() {
        DatasetReport r = report(null);
        assertThat(r.totals()).isEqualTo(new DatasetReport.Totals(5, 2, 3, Map.of("en", 5L), Map.of("test-model", 5L)));
        assertThat(r.perDocument()).containsExactly(new Count("a", 3), new Count("b", 2));
        // per root: a#0 2, a#1 1, b#0 2 -> sorted 1 2 2; median is rank ceil(1.5) = 2
        assertThat(r.recordsPerRoot()).isEqualTo(new Distribution(3, 5.0 / 3, 1, 1, 2, 2, 2));
        assertThat(counts(r.depth())).containsExactly(2L, 2L, 1L);
        // contexts 120, 60, 45, 30, 250 in bins 0-50, 50-100, 100-200, 200-300, ...
        assertThat(counts(r.contextLength())).containsExactly(2L, 1L, 1L, 1L, 0L, 0L, 0L);
        assertThat(r.run()).isNull();
    }

    @Test
    void queryLengthsInCharacters() {
        DatasetReport r = report(null);
        // 21, 21, 18, 21, 23 -> sorted 18 21 21 21 23, mean 104 / 5; p10 rank 1, p50 rank 3, p90 rank 5
        assertThat(r.queryChars()).isEqualTo(new Distribution(5, 20.8, 18, 18, 21, 23, 23));
        assertThat(counts(r.queryLength())).containsExactly(1L, 4L, 0L, 0L, 0L, 0L, 0L);
    }

    @Test
    void distinctNAndRougeWithinRootsAndAcrossTheCorpus() {
        DatasetReport.Diversity d = report(null).diversity();
        // words 4+4+4+4+5 = 21, distinct 13; word pairs 3+3+3+3+4 = 16, distinct 11
        assertThat(d.distinct1()).isCloseTo(13.0 / 21, within(1e-12));
        assertThat(d.distinct2()).isCloseTo(11.0 / 16, within(1e-12));
        // a#0: "what pulls the" of 4 and 4 -> F 0.75; b#0: "tides" of 4 and 5 -> F 2/9
        assertThat(d.pairsWithinRoots()).isEqualTo(2);
        assertThat(d.rougeWithinRoots()).isCloseTo((0.75 + 2.0 / 9) / 2, within(1e-12));
        // all 10 pairs: r1r2 .75, r1r4 1, r2r4 .75, r1r5 and r4r5 2/9, the other five 0
        assertThat(d.rougeSample()).isEqualTo(5);
        assertThat(d.rougeAcrossCorpus()).isCloseTo((2.5 + 4.0 / 9) / 10, within(1e-12));
    }

    @Test
    void embeddingDispersionIsTheMeanCosineDistanceOfTheSample() {
        DatasetReport.Diversity d = report(null).diversity();
        // three tides vectors and two others: 4 of 10 pairs have cosine 1, 6 have 0 -> distance 0.6
        assertThat(d.embeddingDispersion()).isCloseTo(0.6, within(1e-9));
        assertThat(d.embeddingSample()).isEqualTo(5);
        assertThat(d.encoder()).isEqualTo("two-directions");
        ReportBuilder noEncoder = ReportBuilder.create();
        SmallSet.records().forEach(noEncoder::add);
        assertThat(noEncoder.build(null).diversity().embeddingDispersion()).isNull();
    }

    @Test
    void aQueryRepeatedInAnotherRootIsANearDuplicateButNotOneInItsOwnRoot() {
        DatasetReport.NearDuplicates n = report(null).nearDuplicates();
        // r4 repeats r1 (J = 1, other root); r2 vs r1 is the same root; r2 vs r4 has J = 5/9
        assertThat(n.queries()).isEqualTo(1);
        assertThat(n.examples()).containsExactly(new DatasetReport.NearDuplicate(
                "What pulls the tides?", "b#0", "What pulls the tides?", "a#0", 1.0));
    }

    @Test
    void scoresGroundingAndFlags() {
        DatasetReport r = report(null);
        // scores .5 .2 .8 .6 -> sorted .2 .5 .6 .8, mean 2.1 / 4
        assertThat(r.scores().scored()).isEqualTo(4);
        assertThat(r.scores().unscored()).isEqualTo(1);
        assertThat(r.scores().distribution().mean()).isCloseTo(0.525, within(1e-12));
        assertThat(r.scores().distribution().p50()).isEqualTo(0.5);
        assertThat(r.scores().histogram().total()).isEqualTo(4);
        assertThat(r.grounding().checked()).isEqualTo(2);
        assertThat(r.grounding().unchecked()).isEqualTo(3);
        assertThat(r.grounding().flags()).containsExactly(Map.entry("below_grounding_floor", 1L));
        // 0.4 in bin 0.4-0.5, 0.9 in bin 0.9-1
        assertThat(counts(r.grounding().histogram())).containsExactly(0L, 0L, 0L, 0L, 1L, 0L, 0L, 0L, 0L, 1L, 0L);
    }

    @Test
    void quotaFillAndWhyRootsWereLeftShortComeFromTheRunFacts() {
        DatasetReport.Run run = report(SmallSet.facts()).run();
        assertThat(run.quota()).isEqualTo(7);
        assertThat(run.rootsOwing()).isEqualTo(3);
        assertThat(run.rootsFilled()).isEqualTo(1);
        assertThat(run.pairsShort()).isEqualTo(2);
        assertThat(run.shortBy()).containsExactly(Map.entry("answer failures", 1L), Map.entry("too few candidates", 1L));
        // shares 2/3 and 1/2 in bin 0.5-0.75, 1 in the last
        assertThat(counts(run.fill())).containsExactly(0L, 0L, 2L, 0L, 1L);
        assertThat(run.shortRoots()).containsExactly(
                new DatasetReport.ShortRoot("a#0", 3, 2, "1 answer failed"),
                new DatasetReport.ShortRoot("a#1", 2, 1, "1 candidates from 4 trees for a quota of 2"));
        assertThat(run.llmCalls()).containsEntry("cst", 40L).containsEntry("response", 6L);
        assertThat(run.tokens().get("cst").inputTokens()).isEqualTo(4000);
        assertThat(run.failures()).containsExactly(Map.entry("input/bad", 1L), Map.entry("llm/timeout", 2L),
                Map.entry("response/timeout", 1L));
    }

    @Test
    void inputDroppedByTheRunIsShownByReasonInTheJsonAndTheHtml() throws Exception {
        DatasetReport report = report(SmallSet.facts());
        assertThat(report.run().summary()).containsEntry("input_dropped",
                Map.of("root_without_quota", new DropCount(1, 20), "short_paragraph", new DropCount(4, 230)));
        assertThat(ReportJson.toJson(report).replaceAll("\\s+", " "))
                .contains("\"input_dropped\" : { \"root_without_quota\" : { \"count\" : 1, \"chars\" : 20 },"
                        + " \"short_paragraph\" : { \"count\" : 4, \"chars\" : 230 } }");
        assertThat(HtmlReport.render(report)).contains("input dropped", "root_without_quota 1 (20 chars), short_paragraph 4 (230 chars)");
    }

    @Test
    void theRunsNumbersSayWhenASmallJobsSearchWasScaledDown() {
        RunFacts plain = SmallSet.facts();
        assertThat(report(plain).run().summary()).doesNotContainKey("demonstrations");

        SearchReport search = new SearchReport(Language.EN, 6, List.of(new SearchReport.Candidate(List.of("en-1"), 0, 0)), 0,
                new SearchReport.Calls(0, 0, 0, 0, 0), new SearchReport.Budget(1, 8, 7));
        RunSummary s = plain.summary();
        RunSummary searched = new RunSummary(s.documents(), s.badInputs(), s.roots(), s.rootsWithoutQuota(),
                s.nodesExpanded(), s.nodeFailures(), s.reasks(), s.questionsRejected(), s.branchEnds(), s.candidates(),
                s.kept(), s.duplicates(), s.overQuota(), s.quota(), s.rootsShort(), s.pairsShort(), s.responseFailures(),
                s.records(), s.llmCalls(), s.llmFailures(), s.tokens(), s.scorer(), s.wallTime(), s.resilience(),
                s.recordFlags(), Map.of("en", search), s.crossRootDuplicates());
        assertThat(report(new RunFacts(searched, plain.rootFills())).run().summary()).containsEntry("demonstrations",
                "en: [en-1] (not searched: scaled from 8 candidate sets to 1 for a small job of 7 pairs)");
    }

    @Test
    void theSameRecordsAndSeedGiveTheSameReportAndSettingsComeFirst() throws Exception {
        assertThat(ReportJson.toJson(report(SmallSet.facts()))).isEqualTo(ReportJson.toJson(report(SmallSet.facts())));
        ReportBuilder started = ReportBuilder.create();
        started.add(SmallSet.records().get(0));
        assertThatThrownBy(() -> started.sampleSize(10)).hasMessageContaining("sampleSize must be set before the first record");
    }
}
