package io.augcon.core.llm;

import io.augcon.api.LlmBackend;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers a request seen before from an {@link AnswerStore} instead of asking again: rerunning a
 * pipeline with the same store and seed replays every answered call and pays only for the rest.
 * Only successful, untruncated answers are stored.
 *
 * <pre>{@code
 * try (JsonlAnswerStore store = JsonlAnswerStore.open(workDir.resolve("answers.jsonl"))) {
 *     AugCon augcon = AugCon.builder()
 *         .llm(backend)
 *         .decorate(llm -> new CachingBackend(llm, store))
 *         .build();
 *     ...
 * }
 * }</pre>
 */
public final class CachingBackend implements LlmBackend {
    private final LlmBackend delegate;
    private final AnswerStore store;
    private final RequestKeys keys = new RequestKeys();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    /**
     * Answers from {@code store} when it holds the request, else asks {@code delegate} and stores a
     * good answer. The store is not closed by this backend; its owner closes it after the run.
     */
    public CachingBackend(LlmBackend delegate, AnswerStore store) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public CompletionStage<LlmResponse> complete(LlmRequest request) {
        String key = keys.of(delegate.modelName(), request);
        LlmResponse known = store.get(key);
        if (known != null) {
            hits.incrementAndGet();
            return CompletableFuture.completedFuture(known);
        }
        misses.incrementAndGet();
        // The answer goes on once it is stored: a record built on it must be replayable after a crash.
        return delegate.complete(request).thenCompose(response -> response.truncated()
                ? CompletableFuture.completedFuture(response)
                : store.putAsync(key, response).thenApply(stored -> response));
    }

    @Override
    public String modelName() {
        return delegate.modelName();
    }

    /** Requests answered from the store. */
    public long hits() {
        return hits.get();
    }

    /** Requests passed on to the backend. */
    public long misses() {
        return misses.get();
    }
}
