package io.augcon.api;

import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Expands one Context-Split-Tree node: a question about its context and a split into two
 * sub-contexts. The paper's step does both in one LLM call; an implementation that does so
 * implements this interface (and usually {@link QueryGenerator} and {@link ContextSplitter} as
 * views of it), and the pipeline then makes exactly one call per node.
 */
public interface NodeExpander extends Stage {

    /**
     * Expands {@code node}. Completes exceptionally (ideally with an {@link LlmException}) when
     * no usable answer could be had.
     *
     * @param seed the sampling seed the pipeline derived for this node
     */
    CompletionStage<Expansion> expand(ContextNode node, long seed);


    /**
     * Combines a generator and a splitter. When both are the same object and it is already a
     * {@code NodeExpander}, that object is returned, so a joint step stays one call per node;
     * otherwise both are asked, concurrently.
     */
    static NodeExpander of(QueryGenerator generator, ContextSplitter splitter) {
        Objects.requireNonNull(generator, "generator");
        Objects.requireNonNull(splitter, "splitter");
        if (generator == splitter && generator instanceof NodeExpander) {
            return (NodeExpander) generator;
        }
        return new NodeExpander() {
            @Override
            public CompletionStage<Expansion> expand(ContextNode node, long seed) {
                return generator.generate(node, seed)
                        .thenCombine(splitter.split(node, seed), (q, s) -> new Expansion(q, s, 0));
            }

            @Override
            public String id() {
                return generator.id() + "+" + splitter.id();
            }
        };
    }
}
