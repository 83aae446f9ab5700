package io.augcon.llm.tokens;

/** Counts the tokens a model's tokenizer makes of a text. Implementations must be thread-safe. */
@FunctionalInterface
public interface TokenCounter {
    /** The number of tokens in {@code text}, special tokens not included. */
    long count(String text);
}
