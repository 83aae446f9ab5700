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

        AugCon first = pool.borrow();
        AugCon second = pool.borrow();
        pool.giveBack(first);
        AugCon third = pool.borrow();

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
    void theKeyFollowsTheConfigurationTheFactoryAndTheDriversSearch() {
        String json = AugConConfig.DEFAULTS.toJson();

        SearchReport search = new SearchReport(Language.EN, 6, List.of(new SearchReport.Candidate(List.of("en-1"), 0, 0)),
                0, new SearchReport.Calls(0, 0, 0, 0, 0));

        assertThat(PipelinePool.key(json, SCRIPTED, List.of())).isEqualTo(PipelinePool.key(json, SCRIPTED, List.of()))
                .isNotEqualTo(PipelinePool.key(AugConConfig.DEFAULTS.withSeed(1).toJson(), SCRIPTED, List.of()))
                .isNotEqualTo(PipelinePool.key(json, OfflineStages.create(), List.of()))
                .isNotEqualTo(PipelinePool.key(json, SCRIPTED, List.of(search)));
    }

    private static Supplier<AugCon> scripted() {
        return () -> {
            var builder = AugCon.builder();
            SCRIPTED.configure(builder);
            return builder.build();
        };
    }
}
