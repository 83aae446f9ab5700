package io.augcon.core.config;

import io.augcon.core.corpus.CorpusConfig;
import io.augcon.core.filter.SelectionConfig;
import io.augcon.core.llm.LlmPolicy;
import io.augcon.core.respond.ResponseConfig;
import io.augcon.core.tree.TreeConfig;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Everything that decides what a pipeline produces and how it treats its LLM, as one immutable
 * value: the run seed and the method's knobs in groups. It is what {@link io.augcon.core.AugCon#builder()}
 * builds, what a work dir's settings fingerprint and a saved run record, and what travels to other
 * JVMs; live objects (the backend, replaced stages, listeners, decorators) stay outside it.
 *
 * <pre>{@code
 * AugConConfig config = AugConConfig.DEFAULTS
 *     .withSeed(7)
 *     .withTree(t -> t.withSplitMode(SplitMode.NUMBERED))
 *     .withLlm(p -> p.withConcurrency(64));
 * String json = config.toJson();                 // stable, documented shape
 * AugConConfig same = AugConConfig.fromJson(json); // equals config
 * AugCon augcon = AugCon.builder().llm(backend).config(same).build();
 * }</pre>
 *
 * <p>The JSON shape: an object with {@code seed}, {@code corpus}, {@code tree}, {@code selection},
 * {@code responses}, {@code llm} and {@code execution}, each the group record's components in
 * {@code snake_case}; enums and languages in lower case, durations as ISO-8601 ({@code "PT30S"}),
 * a quota as {@code {"unit": "chars", "per": 35}}. {@link #fromJson} fills a missing field with its
 * default and rejects an unknown one by name, so a file written by an older version still reads.
 *
 * @param seed      the run seed: every request's seed is derived from it and the request's place in
 *                  the run, so the same seed and the same answers give the same records (0)
 * @param corpus    reading and cutting the corpus
 * @param tree      the Context-Split-Tree
 * @param selection quota, filtering and deduplication
 * @param responses the default answering step
 * @param llm       concurrency, resilience and budgets
 * @param execution threads and roots in progress in one JVM
 */
public record AugConConfig(
        long seed,
        CorpusConfig corpus,
        TreeConfig tree,
        SelectionConfig selection,
        ResponseConfig responses,
        LlmPolicy llm,
        ExecutionConfig execution) {
    /** The method's values throughout. */
    public static final AugConConfig DEFAULTS = new AugConConfig(0, CorpusConfig.DEFAULTS, TreeConfig.DEFAULTS,
            SelectionConfig.DEFAULTS, ResponseConfig.DEFAULTS, LlmPolicy.DEFAULTS, ExecutionConfig.DEFAULTS);

    /**
     * Checks that every group is given; each group record has already checked its own knobs.
     *
     * @throws NullPointerException if a group is {@code null} (start from {@link #DEFAULTS} and use
     *         the {@code withX} methods to change one)
     */
    public AugConConfig {
        Objects.requireNonNull(corpus, "corpus");
        Objects.requireNonNull(tree, "tree");
        Objects.requireNonNull(selection, "selection");
        Objects.requireNonNull(responses, "responses");
        Objects.requireNonNull(llm, "llm");
        Objects.requireNonNull(execution, "execution");
    }

    /** This configuration as JSON, in the shape the class description gives. */
    public String toJson() {
        return ConfigJson.write(this);
    }

    /**
     * Reads a configuration written by {@link #toJson()}; missing fields take their defaults.
     *
     * @throws IllegalArgumentException naming the field that is unknown, of the wrong type or out of range
     */
    public static AugConConfig fromJson(String json) {
        return ConfigJson.read(json);
    }

    /** This configuration with another run seed. */
    public AugConConfig withSeed(long value) {
        return new AugConConfig(value, corpus, tree, selection, responses, llm, execution);
    }

    /** This configuration with the corpus settings changed by {@code edit}. */
    public AugConConfig withCorpus(UnaryOperator<CorpusConfig> edit) {
        return new AugConConfig(seed, edit.apply(corpus), tree, selection, responses, llm, execution);
    }

    /** This configuration with the tree settings changed by {@code edit}. */
    public AugConConfig withTree(UnaryOperator<TreeConfig> edit) {
        return new AugConConfig(seed, corpus, edit.apply(tree), selection, responses, llm, execution);
    }

    /** This configuration with the selection settings changed by {@code edit}. */
    public AugConConfig withSelection(UnaryOperator<SelectionConfig> edit) {
        return new AugConConfig(seed, corpus, tree, edit.apply(selection), responses, llm, execution);
    }

    /** This configuration with the response settings changed by {@code edit}. */
    public AugConConfig withResponses(UnaryOperator<ResponseConfig> edit) {
        return new AugConConfig(seed, corpus, tree, selection, edit.apply(responses), llm, execution);
    }

    /** This configuration with the LLM policy changed by {@code edit}. */
    public AugConConfig withLlm(UnaryOperator<LlmPolicy> edit) {
        return new AugConConfig(seed, corpus, tree, selection, responses, edit.apply(llm), execution);
    }

    /** This configuration with the execution settings changed by {@code edit}. */
    public AugConConfig withExecution(UnaryOperator<ExecutionConfig> edit) {
        return new AugConConfig(seed, corpus, tree, selection, responses, llm, edit.apply(execution));
    }
}
