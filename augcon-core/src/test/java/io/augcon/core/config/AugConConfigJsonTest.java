package io.augcon.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augcon.api.Language;
import io.augcon.core.filter.Quota;
import io.augcon.core.llm.AdaptiveConcurrency;
import io.augcon.core.llm.Resilience;
import io.augcon.core.llm.RetryPolicy;
import io.augcon.core.respond.BelowFloor;
import io.augcon.core.respond.ResponseConfig;
import io.augcon.core.respond.SeedExample;
import io.augcon.core.text.RougeMeasure;
import io.augcon.core.tree.SplitMode;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class AugConConfigJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every knob away from its default, so a field the JSON forgot shows as a difference. */
    static AugConConfig everythingChanged() {
        return AugConConfig.DEFAULTS
                .withSeed(42)
                .withCorpus(c -> c.withLanguage(Language.ZH).withMaxChunkChars(800).withMinParagraphChars(0)
                        .withStrictInput(true))
                .withTree(t -> t.withSplitMode(SplitMode.NUMBERED).withMinContextChars(30).withMinQuestionChars(7)
                        .withMinChildPrecision(0).withTemperature(0.5).withMaxAttempts(2))
                .withSelection(s -> s.withQuota(Quota.perWords(12)).withOversample(1.5).withMaxTreeRuns(2)
                        .withRougeThreshold(0.6).withRougeMeasure(RougeMeasure.F_MEASURE).withGlobalDedup(true)
                        .withGlobalDedupThreshold(0.8).withScorerPairsPerKind(50))
                .withResponses(r -> r.withTemperature(0.4).withPrinciples(Language.EN, List.of("Be brief.", "Be kind."))
                        .withSeedExamples(List.of(new SeedExample("s1", "The sky is blue.", "What colour is the sky?", "Blue.")))
                        .withDemonstrations(2).withSearchBudget(3).withReasoning(true).withGroundingFloor(0.3)
                        .withBelowFloor(BelowFloor.DROP))
                .withLlm(p -> p.withConcurrency(64).withMaxCalls(1000).withMaxTokensTotal(2_000_000)
                        .withMaxRequestsPerMinute(500).withMaxTokensPerMinute(150_000).withStructuredOutput(true)
                        .withPreflight(false)
                        .withResilience(Resilience.builder()
                                .retry(RetryPolicy.builder().maxAttempts(8).initialBackoff(Duration.ofMillis(250)).build())
                                .requestTimeout(Duration.ofSeconds(90))
                                .adaptive(AdaptiveConcurrency.defaults().withBreakerPause(
                                        Duration.ofSeconds(2), Duration.ofSeconds(20)))
                                .truncationRetry(3, 4096)
                                .build()))
                .withExecution(e -> e.withCpuThreads(3).withMaxRootsInProgress(100));
    }

    @Test
    void aConfigurationWithEveryKnobChangedRoundTripsThroughJson() {
        AugConConfig config = everythingChanged();
        assertThat(AugConConfig.fromJson(config.toJson())).isEqualTo(config);
        assertThat(AugConConfig.fromJson(AugConConfig.DEFAULTS.toJson())).isEqualTo(AugConConfig.DEFAULTS);
    }

    @Test
    void resilienceOffAndNoLanguageRoundTripAsNulls() throws Exception {
        AugConConfig off = AugConConfig.DEFAULTS.withLlm(p -> p.withResilience(Resilience.off()));
        JsonNode tree = JSON.readTree(off.toJson());
        assertThat(tree.at("/llm/resilience/adaptive").isNull()).isTrue();
        assertThat(tree.at("/corpus/language").isNull()).isTrue();
        assertThat(AugConConfig.fromJson(off.toJson())).isEqualTo(off);
    }

    @Test
    void theShapeIsSnakeCaseWithLowerCaseValues() throws Exception {
        JsonNode tree = JSON.readTree(everythingChanged().toJson());
        assertThat(names(tree)).containsExactly("seed", "corpus", "tree", "selection", "responses", "llm", "execution");
        assertThat(names(tree.get("corpus"))).containsExactly("language", "max_chunk_chars", "min_paragraph_chars", "strict_input");
        assertThat(names(tree.get("tree"))).containsExactly("split_mode", "rules", "temperature", "max_attempts");
        assertThat(names(tree.get("selection"))).containsExactly("quota", "oversample", "max_tree_runs", "rouge_threshold",
                "rouge_measure", "global_dedup", "global_dedup_threshold", "scorer_pairs_per_kind");
        assertThat(names(tree.get("responses"))).containsExactly("temperature", "principles", "seed_examples",
                "demonstrations", "search_budget", "reasoning", "grounding_floor", "below_floor");
        assertThat(names(tree.get("llm"))).containsExactly("concurrency", "resilience", "max_calls", "max_tokens_total",
                "max_requests_per_minute", "max_tokens_per_minute", "structured_output", "preflight");
        assertThat(names(tree.get("execution"))).containsExactly("cpu_threads", "max_roots_in_progress");
        assertThat(tree.at("/corpus/language").asText()).isEqualTo("zh");
        assertThat(tree.at("/tree/split_mode").asText()).isEqualTo("numbered");
        assertThat(tree.at("/tree/rules/min_context_chars").asInt()).isEqualTo(30);
        assertThat(tree.at("/selection/quota").toString()).isEqualTo("{\"unit\":\"words\",\"per\":12.0}");
        assertThat(tree.at("/selection/rouge_measure").asText()).isEqualTo("f_measure");
        assertThat(tree.at("/responses/principles/en/1").asText()).isEqualTo("Be kind.");
        assertThat(tree.at("/responses/below_floor").asText()).isEqualTo("drop");
        assertThat(tree.at("/llm/resilience/request_timeout").asText()).isEqualTo("PT1M30S");
        assertThat(tree.at("/llm/resilience/retry/initial_backoff").asText()).isEqualTo("PT0.25S");
    }

    @Test
    void missingFieldsTakeTheirDefaults() {
        AugConConfig read = AugConConfig.fromJson("{\"seed\": 5, \"tree\": {\"split_mode\": \"NUMBERED\"},"
                + " \"selection\": {\"quota\": {\"unit\": \"sentences\", \"per\": 1}}}");
        assertThat(read).isEqualTo(AugConConfig.DEFAULTS.withSeed(5)
                .withTree(t -> t.withSplitMode(SplitMode.NUMBERED))
                .withSelection(s -> s.withQuota(Quota.perSentences(1))));
        assertThat(AugConConfig.fromJson("{}")).isEqualTo(AugConConfig.DEFAULTS);
    }

    @Test
    void theSearchBudgetIsAutomaticUnlessGivenAndAnEightWrittenBeforeStillMeansEight() throws Exception {
        assertThat(JSON.readTree(AugConConfig.DEFAULTS.toJson()).at("/responses/search_budget").asInt())
                .isEqualTo(ResponseConfig.AUTOMATIC_SEARCH_BUDGET);
        assertThat(AugConConfig.fromJson("{}").responses().searchBudget()).isEqualTo(ResponseConfig.AUTOMATIC_SEARCH_BUDGET);
        // A configuration saved when 8 was the default names it: it stays a budget given, never scaled.
        AugConConfig before = AugConConfig.fromJson("{\"responses\": {\"search_budget\": 8}}");
        assertThat(before.responses().searchBudget()).isEqualTo(8);
        assertThat(AugConConfig.fromJson(before.toJson())).isEqualTo(before);
        assertThatThrownBy(() -> AugConConfig.fromJson("{\"responses\": {\"search_budget\": -1}}"))
                .hasMessageContaining("searchBudget must be >= 0, was -1");
    }

    @Test
    void anUnknownFieldIsNamedWithItsPath() {
        assertThatThrownBy(() -> AugConConfig.fromJson("{\"tree\": {\"min_contex_chars\": 3}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown configuration field 'tree.min_contex_chars'");
        assertThatThrownBy(() -> AugConConfig.fromJson("{\"sed\": 3}")).hasMessageContaining("'sed'");
    }

    @Test
    void anOutOfRangeValueIsRejectedWithTheKnobsOwnMessage() {
        assertThatThrownBy(() -> AugConConfig.fromJson("{\"selection\": {\"rouge_threshold\": 1.5}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("selection")
                .hasMessageContaining("rougeThreshold must be in (0, 1], was 1.5");
        assertThatThrownBy(() -> AugConConfig.fromJson("{\"llm\": {\"concurrency\": 0}}"))
                .hasMessageContaining("concurrency must be >= 1, was 0");
        assertThatThrownBy(() -> AugConConfig.fromJson("{\"selection\": {\"quota\": {\"unit\": \"pages\", \"per\": 3}}}"))
                .hasMessageContaining("a quota is");
        assertThatThrownBy(() -> AugConConfig.fromJson("[1]")).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> AugConConfig.fromJson("{")).hasMessageContaining("not valid JSON");
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
