package io.augcon.spark;

import io.augcon.core.AugConBuilder;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.apache.spark.TaskContext;

/**
 * A fleet of LLM servers without a load balancer in front: a {@link StageFactory} that gives each
 * task one server of a list, the task of partition {@code p} the server {@code p mod n}, so a job
 * spreads its tasks, and with them its requests, evenly over the servers. Each task keeps its
 * server for its whole partition, so the retries, adaptive concurrency and circuit breaker of its
 * pipeline watch that one server. The job's {@code llm.concurrency} is still the whole job's (see
 * {@link AugConSpark}), spread over the fleet with the tasks.
 *
 * <pre>{@code
 * StageFactory fleet = LlmFleet.of(List.of("http://gpu-1:8000/v1", "http://gpu-2:8000/v1"),
 *         (builder, baseUrl) -> builder.llm(OpenAiChatBackend.builder().baseUrl(baseUrl)
 *                 .model("qwen2.5-7b-instruct").apiKeyFromEnv("OPENAI_API_KEY").build()));
 * AugConSpark.builder().stages(fleet).build().generate(documents);
 * }</pre>
 *
 * <p>An executor keeps its pipelines per server: a task reuses an idle pipeline of its own
 * server or builds one. Servers are told apart by their place in the list, so a list of one
 * server behaves as that server's own factory.
 */
public final class LlmFleet implements StageFactory {
    private static final long serialVersionUID = 1L;

    private final List<String> baseUrls;
    private final PerServer stages;

    private LlmFleet(List<String> baseUrls, PerServer stages) {
        this.baseUrls = baseUrls;
        this.stages = stages;
    }

    /**
     * Tasks spread over {@code baseUrls}, each pipeline's live objects built by {@code stages} for
     * its task's server.
     *
     * @throws IllegalArgumentException when the list is empty or holds a blank URL
     */
    public static LlmFleet of(List<String> baseUrls, PerServer stages) {
        List<String> urls = List.copyOf(Objects.requireNonNull(baseUrls, "baseUrls"));
        if (urls.isEmpty() || urls.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("baseUrls: one or more non-blank URLs are needed, was " + urls);
        }
        return new LlmFleet(urls, Objects.requireNonNull(stages, "stages"));
    }

    /** The servers, in the order given. */
    public List<String> baseUrls() {
        return baseUrls;
    }

    /** The server of the task of {@code partition}: {@code partition mod n}. */
    public String serverOf(int partition) {
        return baseUrls.get(variantOf(partition));
    }

    /** The server's place in the list: pipelines for different servers are kept apart. */
    @Override
    public int variantOf(int partition) {
        return Math.floorMod(partition, baseUrls.size());
    }

    /** Builds the live objects for the server of the task this pipeline is built for. */
    @Override
    public void configure(AugConBuilder builder) {
        TaskContext task = TaskContext.get();
        stages.configure(builder, serverOf(task == null ? 0 : task.partitionId()));
    }

    /**
     * A pipeline's live objects for one server of the fleet, serialized into the job's plan as a
     * {@link StageFactory} is, and called on the executors.
     */
    @FunctionalInterface
    public interface PerServer extends Serializable {
        /** Adds the live objects that ask the LLM at {@code baseUrl} to {@code builder}. */
        void configure(AugConBuilder builder, String baseUrl);
    }
}
