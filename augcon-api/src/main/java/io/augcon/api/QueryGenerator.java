package io.augcon.api;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Writes a question about the whole of one tree node's context, one a user might ask and whose
 * answer follows from that context.
 */
public interface QueryGenerator extends Stage {

    /**
     * Generates a question for {@code node}.
     *
     * @param seed the sampling seed the pipeline derived for this node
     * @return the question, or empty when none could be made
     */
    CompletionStage<Optional<String>> generate(ContextNode node, long seed);

}
