package io.augcon.spark;

import io.augcon.api.LlmResponse;
import io.augcon.core.llm.AnswerStore;

/**
 * A pooled pipeline's answer cache, pointed at the answers of the task attempt that has the
 * pipeline: a pipeline is built once per executor and lent to one task at a time, while each
 * attempt reads and writes answers of its own ({@link AttemptAnswers}). Between tasks it holds
 * nothing and stores nothing.
 */
final class AnswerSwitch implements AnswerStore {
    private volatile AnswerStore current;

    /** Points the cache at {@code answers}, or at nothing when {@code null}. */
    void use(AnswerStore answers) {
        this.current = answers;
    }

    @Override
    public LlmResponse get(String key) {
        AnswerStore answers = current;
        return answers == null ? null : answers.get(key);
    }

    @Override
    public void put(String key, LlmResponse answer) {
        AnswerStore answers = current;
        if (answers != null) {
            answers.put(key, answer);
        }
    }

    @Override
    public int size() {
        AnswerStore answers = current;
        return answers == null ? 0 : answers.size();
    }

    /** Leaves the attempt's answers to their owner, who closes them. */
    @Override
    public void close() {
        current = null;
    }
}
