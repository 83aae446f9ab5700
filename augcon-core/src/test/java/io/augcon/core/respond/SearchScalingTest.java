package io.augcon.core.respond;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.api.Language;
import io.augcon.core.event.SearchReport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The automatic search budget: {@code clamp(floor(5P / 16n), 1, 8)} when the whole corpus is known. */
class SearchScalingTest {

    private static CorpusOutlook whole(long pairs) {
        return new CorpusOutlook(Map.of(Language.EN, pairs), true);
    }

    @ParameterizedTest(name = "{0} pairs, {1} seeds -> {2} sets")
    @CsvSource({
        // floor(5 * 38 / 96) = floor(1.98): one set, no search at all
        "0, 6, 1", "38, 6, 1",
        // 5 * 39 / 96 = 2.03, the first small search; 43 is the three short Chinese samples
        "39, 6, 2", "43, 6, 2",
        // the four FAQ samples: 5 * 115 / 96 = 5.99
        "115, 6, 5",
        // 5 * 153 / 96 = 7.97 and 5 * 154 / 96 = 8.02: the reference's 8 from 154 pairs on
        "153, 6, 7", "154, 6, 8", "1000000, 6, 8",
        // 5 * 96 / 96 = 5 exactly: in doubles 96 * 2.5 * 0.2 / (0.8 * 12) is 4.999..., the floor must not see it
        "96, 6, 5",
        // more seeds make each set dearer: 5 * 64 / 160 = 2
        "64, 10, 2", "63, 10, 1"})
    void aWholeCorpusGetsTheBudgetItsPairsAfford(long pairs, int seeds, int sets) {
        SearchReport.Budget budget = SearchScaling.budget(ResponseConfig.AUTOMATIC_SEARCH_BUDGET, whole(pairs),
                Language.EN, seeds);
        assertThat(budget.sets()).isEqualTo(sets);
        assertThat(budget.unscaled()).isEqualTo(SearchScaling.DEFAULT_BUDGET);
        assertThat(budget.scaled()).isEqualTo(sets < 8);
        assertThat(budget.pairsOwed()).isEqualTo(pairs);
    }

    @Test
    void theSearchsCallsStayWithinTheShareOfTheCallsTheRuleCountsOn() {
        for (long pairs = 1; pairs <= 400; pairs++) {
            int sets = SearchScaling.budget(0, whole(pairs), Language.EN, 6).sets();
            long search = sets == 1 ? 0 : sets * 2L * 6;
            double others = pairs * SearchScaling.CALLS_PER_PAIR;
            assertThat((double) search).as("%d pairs", pairs)
                    .isLessThanOrEqualTo(SearchScaling.MAX_SHARE * (search + others) + 1e-9);
        }
    }

    @Test
    void aCorpusNotKnownInFullKeepsTheDefault() {
        CorpusOutlook partial = new CorpusOutlook(Map.of(Language.EN, 5L), false);
        assertThat(SearchScaling.budget(0, partial, Language.EN, 6)).isEqualTo(new SearchReport.Budget(8, 8, 0));
        assertThat(SearchScaling.budget(0, CorpusOutlook.UNKNOWN, Language.ZH, 6).scaled()).isFalse();
    }

    @Test
    void onlyTheSearchedLanguagesPairsCount() {
        CorpusOutlook mixed = new CorpusOutlook(Map.of(Language.EN, 500L, Language.ZH, 43L), true);
        assertThat(SearchScaling.budget(0, mixed, Language.EN, 6).sets()).isEqualTo(8);
        assertThat(SearchScaling.budget(0, mixed, Language.ZH, 6).sets()).isEqualTo(2);
    }

    @Test
    void aGivenBudgetIsUsedAsGivenWhateverTheCorpus() {
        for (int given : List.of(1, 8, 20)) {
            SearchReport.Budget budget = SearchScaling.budget(given, whole(3), Language.EN, 6);
            assertThat(budget).isEqualTo(new SearchReport.Budget(given, given, 0));
            assertThat(budget.scaled()).isFalse();
        }
    }

    @Test
    void outOfRangeArgumentsAreRejectedByName() {
        assertThatThrownBy(() -> SearchScaling.budget(-1, whole(3), Language.EN, 6))
                .hasMessageContaining("searchBudget must be >= 0");
        assertThatThrownBy(() -> SearchScaling.budget(0, whole(3), Language.EN, 0))
                .hasMessageContaining("seedExamples must be >= 1");
        assertThatThrownBy(() -> new CorpusOutlook(Map.of(Language.EN, -1L), true))
                .hasMessageContaining("pairsOwed for en must be >= 0");
    }

    @Test
    void theSummaryLineSaysWhenAndHowFarTheSearchWasScaled() {
        SearchReport.Calls none = new SearchReport.Calls(0, 0, 0, 0, 0);
        SearchReport.Candidate first = new SearchReport.Candidate(List.of("en-1", "en-2", "en-3"), 0, 0);
        SearchReport off = new SearchReport(Language.EN, 6, List.of(first), 0, none, new SearchReport.Budget(1, 8, 18));
        assertThat(off.describe()).isEqualTo(
                "en: [en-1, en-2, en-3] (not searched: scaled from 8 candidate sets to 1 for a small job of 18 pairs)");

        List<SearchReport.Candidate> two = List.of(new SearchReport.Candidate(List.of("en-1", "en-2", "en-3"), 4, 6),
                new SearchReport.Candidate(List.of("en-2", "en-4", "en-6"), 3, 6));
        SearchReport small = new SearchReport(Language.EN, 6, two, 0, new SearchReport.Calls(12, 12, 0, 0, 0),
                new SearchReport.Budget(2, 8, 43));
        assertThat(small.describe()).endsWith("; 12 answers, 12 judgements; search scaled from 8 candidate sets to 2"
                + " for a small job of 43 pairs");

        SearchReport full = new SearchReport(Language.EN, 6, two, 0, new SearchReport.Calls(12, 12, 0, 0, 0));
        assertThat(full.budget().scaled()).isFalse();
        assertThat(full.describe()).doesNotContain("scaled");
        assertThat(new SearchReport(Language.EN, 6, List.of(first), 0, none).describe())
                .endsWith("(the only possible set, not searched)");
    }
}
