package io.augcon.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.api.Language;
import io.augcon.api.Response;
import io.augcon.api.SftRecord;
import io.augcon.core.event.SearchReport;
import io.augcon.core.respond.CorpusOutlook;
import io.augcon.core.run.RunSummary;
import io.augcon.testkit.ScriptedLlm;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A job split over many pipelines searches its demonstrations once: one pipeline searches for the
 * whole corpus's outlook, and pipelines given its reports answer with that choice and search
 * nothing, so their records are the single run's.
 */
class SearchOnceTest {
    private static long searchCalls(RunSummary summary) {
        return summary.llmCalls().getOrDefault("response-search", 0L) + summary.llmCalls().getOrDefault("response-judge", 0L);
    }

    @Test
    void pipelinesGivenTheSearchOfTheWholeCorpusMakeTheSingleRunsRecordsWithoutSearching() throws Exception {
        List<SftRecord> single = new ArrayList<>();
        RunSummary singleSummary = AugCon.builder().llm(ScriptedLlm.immediate()).build()
                .run(SmallJobSearchTest.threeSmallDocuments().stream(), single::add);
        SearchReport singleSearch = singleSummary.demonstrations().get("en");
        assertThat(singleSearch.budget().scaled()).as("the automatic budget at work").isTrue();
        assertThat(singleSearch.searched()).isTrue();

        List<SearchReport> once = AugCon.builder().llm(ScriptedLlm.immediate()).build()
                .searchDemonstrations(() -> new CorpusOutlook(Map.of(Language.EN, singleSummary.quota()), true));
        List<SftRecord> split = new ArrayList<>();
        long searchCallsInParts = 0;
        for (int part = 0; part < 3; part++) {
            AugCon pipeline = AugCon.builder().llm(ScriptedLlm.immediate()).searchedDemonstrations(once).build();
            RunSummary summary = pipeline.run(SmallJobSearchTest.threeSmallDocuments().subList(part, part + 1).stream(),
                    split::add);
            searchCallsInParts += searchCalls(summary);
        }

        assertThat(once).containsExactly(singleSearch);
        assertThat(searchCallsInParts).isZero();
        assertThat(split).containsExactlyElementsOf(single);
    }

    @Test
    void aPipelineWhoseAnsweringStepIsReplacedSearchesNothingAndDoesNotAskForTheOutlook() throws Exception {
        AugCon pipeline = AugCon.builder().llm(ScriptedLlm.immediate())
                .responseRefiner((query, seed) -> CompletableFuture.completedFuture(new Response("yes", "m", Map.of())))
                .build();

        List<SearchReport> reports = pipeline.searchDemonstrations(() -> {
            throw new AssertionError("asked for the outlook");
        });

        assertThat(reports).isEmpty();
    }

    @Test
    void aReportThatChoseDemonstrationsOutsideTheSeedExamplesIsRefused() {
        SearchReport foreign = new SearchReport(Language.EN, 6, List.of(new SearchReport.Candidate(List.of("mine-1"), 0, 0)),
                0, new SearchReport.Calls(0, 0, 0, 0, 0));

        assertThatThrownBy(() -> AugCon.builder().llm(ScriptedLlm.immediate()).searchedDemonstrations(List.of(foreign)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[mine-1]");
    }

    @Test
    void aReportTravelsAsASerializedValue() throws Exception {
        SearchReport report = new SearchReport(Language.ZH, 6, List.of(new SearchReport.Candidate(List.of("zh-1", "zh-2"), 5, 6),
                new SearchReport.Candidate(List.of("zh-3"), 2, 6)), 0, new SearchReport.Calls(12, 12, 1, 0, 0),
                new SearchReport.Budget(2, 8, 43));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(report);
        }

        Object back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = in.readObject();
        }

        assertThat(back).isEqualTo(report);
    }
}
