package io.augcon.api;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Splits a tree node's context into two sub-contexts by meaning. */
public interface ContextSplitter extends Stage {

    /**
     * Splits {@code node}'s text.
     *
     * @param seed the sampling seed the pipeline derived for this node
     * @return the split, or empty when the context cannot be split
     */
    CompletionStage<Optional<Split>> split(ContextNode node, long seed);

}
