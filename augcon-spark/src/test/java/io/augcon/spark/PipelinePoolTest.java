package io.augcon.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.core.AugCon;
import io.augcon.api.Language;
import io.augcon.core.config.AugConConfig;
import io.augcon.core.event.SearchReport;
import io.augcon.testkit.ScriptedLlm;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class PipelinePoolTest {
    private static final StageFactory SCRIPTED = builder -> builder.llm(ScriptedLlm.immediate());

    @Test
    void aPipelineGivenBackIsLentAgainAndABusyOneIsNot() {
        PipelinePool pool = PipelinePool.forKey("lend-" + System.nanoTime(), scripted());

        TaskPipeline first = pool.borrow();
        TaskPipeline second = pool.borrow();
        pool.giveBack(first);
        TaskPipeline third = pool.borrow();

        assertThat(second).isNotSameAs(first);
        assertThat(third).isSameAs(first);
        assertThat(pool.built()).isEqualTo(2);
    }

    @Test
    void aJvmKeepsThePoolsOfItsMostRecentJobsOnly() {
        String key = "kept-" + System.nanoTime();
        PipelinePool pool = PipelinePool.forKey(key, scripted());
        for (int other = 0; other < PipelinePool.JOBS_KEPT - 1; other++) {
            PipelinePool.forKey(key + "-other-" + other, scripted());
        }
        assertThat(PipelinePool.forKey(key, scripted())).isSameAs(pool);

        for (int other = 0; other < PipelinePool.JOBS_KEPT; other++) {
            PipelinePool.forKey(key + "-newer-" + other, scripted());
        }

        assertThat(PipelinePool.forKey(key, scripted())).isNotSameAs(pool);
    }

    @Test
    void theKeyFollowsTheConfigurationTheWorkDirTheFactoryAndTheDriversSearch() {
        String json = AugConConfig.DEFAULTS.toJson();

        SearchReport search = new SearchReport(Language.EN, 6, List.of(new SearchReport.Candidate(List.of("en-1"), 0, 0)),
                0, new SearchReport.Calls(0, 0, 0, 0, 0));

        assertThat(PipelinePool.key(json, SCRIPTED, List.of(), null, null)).isEqualTo(PipelinePool.key(json, SCRIPTED, List.of(), null, null))
                .isNotEqualTo(PipelinePool.key(AugConConfig.DEFAULTS.withSeed(1).toJson(), SCRIPTED, List.of(), null, null))
                .isNotEqualTo(PipelinePool.key(json, OfflineStages.create(), List.of(), null, null))
                .isNotEqualTo(PipelinePool.key(json, SCRIPTED, List.of(search), null, null))
                .isNotEqualTo(PipelinePool.key(json, SCRIPTED, List.of(), "/shared/work", null));
    }

    private static Supplier<TaskPipeline> scripted() {
        return () -> {
            var builder = AugCon.builder();
            SCRIPTED.configure(builder);
            return new TaskPipeline(builder.build(), new AnswerSwitch());
        };
    }
}
