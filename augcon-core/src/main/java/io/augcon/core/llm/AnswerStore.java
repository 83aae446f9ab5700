package io.augcon.core.llm;

import io.augcon.api.LlmResponse;
import java.io.Closeable;

/** Where a {@link CachingBackend} keeps answers, by {@link RequestKey}. Thread-safe. */
public interface AnswerStore extends Closeable {

    /** The answer stored under {@code key}, or {@code null}. */
    LlmResponse get(String key);

    /** Stores {@code answer} under {@code key} durably enough that a crash after this returns keeps it. */
    void put(String key, LlmResponse answer);

    /** Answers held. */
    int size();
}
