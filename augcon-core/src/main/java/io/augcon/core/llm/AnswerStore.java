package io.augcon.core.llm;

import io.augcon.api.LlmResponse;
import java.io.Closeable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Where a {@link CachingBackend} keeps answers, by {@link RequestKey}. Thread-safe. */
public interface AnswerStore extends Closeable {

    /** The answer stored under {@code key}, or {@code null}. */
    LlmResponse get(String key);

    /** Stores {@code answer} under {@code key} durably enough that a crash after this returns keeps it. */
    void put(String key, LlmResponse answer);

    /**
     * Stores {@code answer} under {@code key} as {@link #put} does, and completes the returned
     * stage once a crash would keep it. {@link CachingBackend} stores through this, so a store
     * that writes on a thread of its own frees the caller (an HTTP client's thread) at once. The
     * default calls {@link #put} and returns a completed stage, or a failed one when it threw.
     */
    default CompletionStage<Void> putAsync(String key, LlmResponse answer) {
        try {
            put(key, answer);
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Answers held. */
    int size();
}
