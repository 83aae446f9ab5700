package io.augcon.llm.batch;

import io.augcon.api.LlmException;
import io.augcon.api.LlmResponse;
import java.util.Objects;

/**
 * What a batch's results say of one request: its answer, or why it has none.
 *
 * @param customId the request's id in the batch
 * @param response the answer, or {@code null} when the request failed
 * @param failure  why it failed, or {@code null} when it was answered
 */
public record BatchAnswer(String customId, LlmResponse response, LlmException failure) {
    /** @throws IllegalArgumentException unless exactly one of response and failure is given */
    public BatchAnswer {
        Objects.requireNonNull(customId, "customId");
        if ((response == null) == (failure == null)) {
            throw new IllegalArgumentException("a batch answer has either a response or a failure, for " + customId);
        }
    }

    /** The request {@code customId} was answered with {@code response}. */
    public static BatchAnswer answered(String customId, LlmResponse response) {
        return new BatchAnswer(customId, Objects.requireNonNull(response, "response"), null);
    }

    /** The request {@code customId} failed with {@code failure}. */
    public static BatchAnswer failed(String customId, LlmException failure) {
        return new BatchAnswer(customId, null, Objects.requireNonNull(failure, "failure"));
    }
}
