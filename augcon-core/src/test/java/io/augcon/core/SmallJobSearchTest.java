package io.augcon.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.api.Document;
import io.augcon.core.event.SearchReport;
import io.augcon.core.run.RunSummary;
import io.augcon.core.tree.SplitMode;
import io.augcon.testkit.ScriptedLlm;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Small jobs stay cheap: with the automatic search budget (the default) the demonstration search
 * of a small corpus is scaled down to at most a fifth of the run's calls, and the summary says so;
 * a budget given explicitly, and a corpus large enough, keep theirs.
 */
class SmallJobSearchTest {
    static final String KETTLE = "An electric kettle heats water with a coiled element under a steel plate. "
            + "A bimetallic strip at the base of the spout bends when steam reaches it and opens the switch. "
            + "Limescale builds up on the plate in hard-water areas and slows the heating. "
            + "Boiling a mixture of water and white vinegar once a month dissolves most of it. "
            + "The kettle should be rinsed twice afterwards so that no taste of vinegar is left. "
            + "A kettle that switches off before the water boils often has a worn strip. "
            + "Filling it only with the water needed saves both time and electricity. "
            + "Most models cut the power when they are lifted from the base.";
    static final String FERRY = "The harbour ferry leaves the north pier every twenty minutes from six in the morning. "
            + "On Sundays the first crossing is at eight and the last one at ten in the evening. "
            + "Tickets are sold at the pier kiosk and on board, where only cards are accepted. "
            + "Children under five travel free when they are with an adult. "
            + "Bicycles may be taken on the lower deck, except during the morning rush hour. "
            + "In strong wind the ferry may be cancelled, and a notice is posted at both piers. "
            + "The crossing takes eleven minutes in calm weather and a little longer at low tide. "
            + "Lost property is kept at the south pier office for one month.";
    static final String COMPOST = "A garden compost heap turns kitchen and garden waste into dark, crumbly soil. "
            + "It needs a mix of green material, such as grass and peelings, and brown material, such as dry leaves. "
            + "Roughly equal volumes of the two keep the heap from smelling or drying out. "
            + "Turning the heap every few weeks lets air in and speeds up the work of the microbes. "
            + "Meat, dairy and cooked food attract rats and are best left out. "
            + "A heap that is too wet can be fixed with shredded cardboard. "
            + "In summer compost can be ready in three months, in winter it takes much longer. "
            + "Finished compost smells of earth and no longer shows the original scraps.";

    static List<Document> threeSmallDocuments() {
        return List.of(Document.of("kettle", KETTLE), Document.of("ferry", FERRY), Document.of("compost", COMPOST));
    }

    private static RunSummary run(List<Document> corpus, UnaryOperator<AugConBuilder> configure) throws Exception {
        return configure.apply(AugCon.builder().llm(ScriptedLlm.immediate())).build().run(corpus.stream(), r -> { });
    }

    private static long searchCalls(RunSummary summary) {
        return summary.llmCalls().getOrDefault("response-search", 0L) + summary.llmCalls().getOrDefault("response-judge", 0L);
    }

    @ParameterizedTest
    @EnumSource(SplitMode.class)
    void aSmallJobsSearchTakesAtMostAFifthOfTheRunsCallsAndTheSummarySaysItWasScaled(SplitMode mode) throws Exception {
        RunSummary summary = run(threeSmallDocuments(), b -> b.tree(t -> t.withSplitMode(mode)));

        SearchReport en = summary.demonstrations().get("en");
        assertThat(en.budget().scaled()).isTrue();
        assertThat(en.budget().pairsOwed()).isEqualTo(summary.quota());
        assertThat(en.searched()).as("a small search, not none: %s", en.budget()).isTrue();
        assertThat(searchCalls(summary)).isEqualTo(2L * en.candidates().size() * 6);
        assertThat((double) searchCalls(summary)).as(summary.format()).isLessThanOrEqualTo(0.2 * summary.totalLlmCalls());
        assertThat(summary.format()).contains("search scaled from 8 candidate sets to " + en.budget().sets()
                + " for a small job of " + summary.quota() + " pairs");
    }

    @Test
    void theIssuesThreeDocumentJobNoLongerSpendsMostOfItsCallsOnTheSearch() throws Exception {
        // Before: 192 of 329 calls (8 sets x 6 seeds x 2 calls, in each of two languages).
        RunSummary summary = run(AugConPipelineTest.corpus(), b -> b);

        assertThat((double) searchCalls(summary)).as(summary.format()).isLessThanOrEqualTo(0.2 * summary.totalLlmCalls());
        assertThat(summary.format()).contains("demonstrations en: [en-1, en-2, en-3] (not searched: scaled from 8"
                + " candidate sets to 1 for a small job of");
    }

    @Test
    void aGivenBudgetKeepsItsValueOnTheSameSmallJob() throws Exception {
        RunSummary summary = run(threeSmallDocuments(), b -> b.responses(r -> r.withSearchBudget(8)));

        assertThat(summary.llmCalls()).containsEntry("response-search", 8L * 6).containsEntry("response-judge", 8L * 6);
        assertThat(summary.demonstrations().get("en").budget().scaled()).isFalse();
        assertThat(summary.format()).doesNotContain("scaled");
    }

    @Test
    void aCorpusLargeEnoughKeepsTheDefaultBudget() throws Exception {
        List<Document> corpus = new ArrayList<>();
        for (int copy = 0; copy < 4; copy++) {
            for (Document document : threeSmallDocuments()) {
                corpus.add(Document.of(document.id() + "-" + copy, document.text()));
            }
        }
        RunSummary summary = run(corpus, b -> b);

        assertThat(summary.quota()).as("past the 154 pairs that afford 8 sets").isGreaterThanOrEqualTo(154);
        assertThat(summary.roots()).as("all read before the search: within the run's window").isLessThanOrEqualTo(64);
        assertThat(summary.demonstrations().get("en").budget()).isEqualTo(new SearchReport.Budget(8, 8, summary.quota()));
        assertThat(summary.llmCalls()).containsEntry("response-search", 8L * 6);
    }

    @Test
    void aCorpusOfMoreRootsThanTheRunHoldsIsNotKnownInFullAndKeepsTheDefault() throws Exception {
        RunSummary summary = run(threeSmallDocuments(), b -> b.execution(e -> e.withMaxRootsInProgress(2)));

        assertThat(summary.roots()).isGreaterThan(2);
        assertThat(summary.demonstrations().get("en").budget()).isEqualTo(new SearchReport.Budget(8, 8, 0));
        assertThat(summary.llmCalls()).containsEntry("response-search", 8L * 6);
    }
}
