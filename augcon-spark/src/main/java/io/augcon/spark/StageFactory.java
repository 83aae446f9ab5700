package io.augcon.spark;

import io.augcon.core.AugConBuilder;
import java.io.Serializable;

/**
 * What a Spark job's pipeline needs beyond its {@link io.augcon.core.config.AugConConfig}: the live
 * objects (an {@link io.augcon.api.LlmBackend}, replaced stages, a scorer, decorators) that a
 * configuration value cannot hold. A factory is serialized into the job's plan and called on each
 * executor, where it builds those objects; the objects themselves never travel.
 *
 * <pre>{@code
 * StageFactory llm = builder -> builder.llm(OpenAiChatBackend.builder()
 *         .baseUrl("http://llm.internal:8000/v1")
 *         .apiKeyFromEnv("OPENAI_API_KEY")   // read on the executor, never written into the plan
 *         .build());
 * }</pre>
 *
 * <p>A lambda assigned to this type is serializable, so it must capture only serializable values
 * (strings, numbers, other factories). A secret such as an API key must not be captured: read it
 * from the executor's environment inside {@link #configure}. Two factories that serialize to the
 * same bytes share an executor's pipelines (see {@link AugConSpark}).
 *
 * <p>The builder handed to {@link #configure} already holds the job's configuration; a factory
 * adds live objects only. It must not train a scorer in the run ({@link AugConBuilder#trainScorer}):
 * each task would train its own on its own partition, so records would depend on the partitioning;
 * {@link AugConSpark.Builder#trainScorer} trains once, on the driver, instead.
 */
@FunctionalInterface
public interface StageFactory extends Serializable {
    /**
     * Adds this factory's live objects to {@code builder}; called on an executor, once for each
     * pipeline that executor builds.
     */
    void configure(AugConBuilder builder);

    /**
     * Whether the pipelines ask an LLM (default true). A job whose pipelines do shares the
     * configuration's {@code llm.concurrency} among its tasks, and may run on fewer partitions
     * for it (see {@link AugConSpark}); one whose pipelines do not, such as {@link OfflineStages},
     * keeps every partition and core.
     */
    default boolean asksLlm() {
        return true;
    }

    /**
     * Which of this factory's variants the task of {@code partition} needs (default 0: one
     * variant). An executor keeps the pipelines of different variants apart and calls {@link
     * #configure} on the task's own thread when it builds one, so a factory whose pipelines differ
     * by task ({@link LlmFleet}: one server each) reads the task there and builds its variant.
     */
    default int variantOf(int partition) {
        return 0;
    }
}
