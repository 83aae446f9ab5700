package io.augcon.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.api.LlmException;
import io.augcon.api.LlmResponse;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Waits for a backend's answer or failure in tests. */
public final class Stages {
    private Stages() {}

    public static LlmResponse answer(CompletionStage<LlmResponse> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public static LlmException failure(CompletionStage<LlmResponse> stage) throws Exception {
        try {
            stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(LlmException.class);
            return (LlmException) e.getCause();
        }
        throw new AssertionError("expected a failure");
    }
}
