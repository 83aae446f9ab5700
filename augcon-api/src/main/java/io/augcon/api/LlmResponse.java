package io.augcon.api;

import java.util.Objects;

/**
 * An LLM's answer.
 *
 * @param text         the generated text
 * @param finishReason why generation stopped
 * @param usage        tokens consumed, {@link TokenUsage#ZERO} when unknown
 * @param model        the model that answered, as the server names it
 */
public record LlmResponse(String text, FinishReason finishReason, TokenUsage usage, String model) {
    /**
     * Fills what a server may leave out: {@code null} finish reason becomes
     * {@link FinishReason#UNKNOWN}, {@code null} usage {@link TokenUsage#ZERO}, {@code null} model
     * {@code "unknown"}.
     *
     * @throws NullPointerException if {@code text} is {@code null}
     */
    public LlmResponse {
        Objects.requireNonNull(text, "text");
        finishReason = finishReason == null ? FinishReason.UNKNOWN : finishReason;
        usage = usage == null ? TokenUsage.ZERO : usage;
        model = model == null ? "unknown" : model;
    }

    /** A stopped answer with no usage, handy for scripted backends. */
    public static LlmResponse of(String text) {
        return new LlmResponse(text, FinishReason.STOP, TokenUsage.ZERO, "scripted");
    }

    /** True when the token limit cut the text. */
    public boolean truncated() {
        return finishReason == FinishReason.LENGTH;
    }
}
