package io.augcon.api;

import java.time.Duration;
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
     * Checks, before a run reads its corpus, that this backend can answer at all, so that a wrong
     * URL, key or model ends the run in seconds with the server's own words instead of failing
     * every call of the run. The stage completes normally when the backend looks usable, or when
     * the check could not tell (a slow server: the run's own timeouts and retries take over); it
     * completes exceptionally with an {@link LlmUnavailableException} when the backend cannot be
     * used: the connection is refused, the host is unknown, the server answers 401 or 403, or it
     * has no such path or model (404). Its message names the URL, the status and the server's
     * error text, never a key.
     *
     * <p>The default checks nothing. The HTTP backends of {@code augcon-llm-adapters} ask the
     * server's model list (or send the cheapest real request), taking at most {@code timeout}.
     * A run calls this on the backend given to the builder, not on the decorators around it.
     *
     * <pre>{@code
     * backend.preflight(Duration.ofSeconds(5)).toCompletableFuture().join();   // throws when unusable
     * }</pre>
     *
     * @param timeout how long the check may take; a check that takes longer passes
     */
    default CompletionStage<Void> preflight(Duration timeout) {
        return CompletableFuture.completedFuture(null);
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
