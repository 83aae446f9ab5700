package io.augcon.api;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * An LLM the pipeline can call. Asynchronous: {@link #complete} returns at once, and the answer
 * (or an {@link LlmException}) arrives through the stage, so one thread can keep many requests
 * in flight.
 *
 * <p>Cross-cutting concerns (concurrency limits, retries, caching, accounting) are decorators:
 * backends that wrap another backend.
 *
 * <pre>{@code
 * ExecutorService pool = Executors.newFixedThreadPool(4);
 * LlmBackend echo = LlmBackend.blocking("echo", req -> LlmResponse.of("Question: " + req.prompt()), pool);
 * String text = echo.complete(LlmRequest.builder().prompt("hi").build())
 *     .toCompletableFuture().join().text();
 * }</pre>
 */
public interface LlmBackend {

    /**
     * Sends one request. The returned stage completes with the answer or exceptionally, ideally
     * with an {@link LlmException} saying what kind of failure it was.
     */
    CompletionStage<LlmResponse> complete(LlmRequest request);

    /** The model's name, recorded as provenance. */
    default String modelName() {
        return "unknown";
    }

    /**
     * Wraps a blocking function as a backend that runs each call on {@code executor}. Exceptions
     * the function throws complete the stage exceptionally.
     */
    static LlmBackend blocking(String modelName, Function<LlmRequest, LlmResponse> call, Executor executor) {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(executor, "executor");
        return new LlmBackend() {
            @Override
            public CompletionStage<LlmResponse> complete(LlmRequest request) {
                return CompletableFuture.supplyAsync(() -> call.apply(request), executor);
            }

            @Override
            public String modelName() {
                return modelName;
            }
        };
    }
}
