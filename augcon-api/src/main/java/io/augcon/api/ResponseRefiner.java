package io.augcon.api;

import java.util.concurrent.CompletionStage;

/** Answers a kept question faithfully to the context it was generated from. */
public interface ResponseRefiner extends Stage {

    /**
     * Answers {@code query}. Completes exceptionally (ideally with an {@link LlmException}) when
     * no answer could be had.
     *
     * @param seed the sampling seed the pipeline derived for this question
     */
    CompletionStage<Response> respond(CandidateQuery query, long seed);

}
