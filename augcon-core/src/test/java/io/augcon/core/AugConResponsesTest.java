package io.augcon.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.api.Language;
import io.augcon.api.LlmResponse;
import io.augcon.api.SftRecord;
import io.augcon.core.event.PipelineListener;
import io.augcon.core.respond.BelowFloor;
import io.augcon.core.event.SearchReport;
import io.augcon.core.respond.SeedExample;
import io.augcon.core.run.RunSummary;
import io.augcon.testkit.PreferredDemonstration;
import io.augcon.testkit.ScriptedAnswers;
import io.augcon.testkit.ScriptedLlm;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The pipeline's default answering step: search, provenance, grounding outcomes in the summary. */
class AugConResponsesTest {

    @Test
    void theDefaultStepSearchesOncePerLanguageAndEveryRecordNamesTheChosenDemonstrations() throws Exception {
        SeedExample preferred = SeedExample.defaults(Language.EN).get(2);
        List<SearchReport> heard = new CopyOnWriteArrayList<>();
        AugCon augcon = AugCon.builder()
                .llm(ScriptedLlm.answering(PreferredDemonstration.script(preferred.answer())))
                // A search to watch: the automatic budget would skip it on this three-document job.
                .responses(r -> r.withSearchBudget(8))
                .listener(new PipelineListener() {
                    @Override
                    public void demonstrationsChosen(SearchReport report) {
                        heard.add(report);
                    }
                })
                .build();
        List<SftRecord> records = new ArrayList<>();
        RunSummary summary = augcon.run(AugConPipelineTest.corpus().stream(), records::add);

        assertThat(heard).extracting(SearchReport::language).containsExactlyInAnyOrder(Language.EN, Language.ZH);
        SearchReport en = heard.stream().filter(r -> r.language() == Language.EN).findFirst().orElseThrow();
        assertThat(en.chosenIds()).contains(preferred.id());
        assertThat(summary.demonstrations()).containsOnlyKeys("en", "zh").containsEntry("en", en);
        assertThat(summary.format()).contains("demonstrations en: " + en.chosenIds());
        assertThat(records).isNotEmpty().allSatisfy(r -> {
            SearchReport mine = summary.demonstrations().get(r.language().code());
            assertThat(r.provenance()).containsEntry("demonstrations", mine.chosenIds())
                    .containsKeys("principles_id", "response_prompt", "grounding");
            assertThat(r.provenance().get("response_step").toString()).startsWith("self-improving/");
        });
    }

    @Test
    void flaggedAndDroppedAnswersAreCountedInTheSummary() throws Exception {
        // Chinese answers are made up; English ones are the context's first sentence.
        ScriptedLlm llm = ScriptedLlm.answering(request -> {
            String turn = request.messages().isEmpty() ? "" : request.messages().get(request.messages().size() - 1).content();
            boolean chineseAnswer = turn.startsWith("上下文：") && !turn.contains("待评答案") && !turn.strip().endsWith("问题：");
            return chineseAnswer ? LlmResponse.of("企鹅在南极过冬时会挤在一起取暖。") : ScriptedAnswers.answer(request);
        });
        RunSummary kept = AugCon.builder().llm(llm).responses(r -> r.withSearchBudget(1)).build()
                .run(AugConPipelineTest.corpus().stream(), r -> { });
        long chinese = kept.llmCalls().get("response-regenerate");
        assertThat(chinese).isPositive();
        assertThat(kept.recordFlags()).containsEntry("below_grounding_floor", chinese);
        assertThat(kept.format()).contains("(flagged below_grounding_floor " + chinese + ")");

        RunSummary dropped = AugCon.builder().llm(llm).responses(r -> r.withSearchBudget(1).withBelowFloor(BelowFloor.DROP)).build()
                .run(AugConPipelineTest.corpus().stream(), r -> { });
        assertThat(dropped.responseFailures()).containsEntry("ungrounded", chinese);
        assertThat(dropped.records()).isEqualTo(kept.records() - chinese);
        assertThat(dropped.recordFlags()).isEmpty();
    }

    @Test
    void responseKnobsAreRejectedByName() {
        AugConBuilder b = AugCon.builder();
        assertThatThrownBy(() -> b.responses(r -> r.withDemonstrations(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("demonstrations must be >= 0");
        assertThatThrownBy(() -> b.responses(r -> r.withSearchBudget(-1))).hasMessageContaining("searchBudget must be >= 0");
        assertThatThrownBy(() -> b.responses(r -> r.withGroundingFloor(-0.1))).hasMessageContaining("groundingFloor must be in [0, 1]");
        SeedExample twice = new SeedExample("x", "a", "b", "c");
        assertThatThrownBy(() -> b.responses(r -> r.withSeedExamples(List.of(twice, twice)))).hasMessageContaining("'x' appears twice");
    }
}
