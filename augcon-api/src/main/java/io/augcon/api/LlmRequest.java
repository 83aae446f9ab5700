package io.augcon.api;

import io.augcon.api.internal.Knob;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A request to an LLM: either chat messages or a plain prompt, with sampling settings.
 *
 * <p>A chat backend sends a prompt as one user message; a completions backend renders messages
 * into one prompt ({@link PromptRendering}). {@link #stage()} and {@link #priority()} never go over the wire: the first
 * names the pipeline stage for accounting, the second orders queued requests (lower first).
 *
 * <pre>{@code
 * LlmRequest req = LlmRequest.builder()
 *     .prompt("Question:")
 *     .temperature(0.85)
 *     .maxTokens(512)
 *     .seed(42)
 *     .stage("cst")
 *     .build();
 * }</pre>
 *
 * @param messages    chat messages; empty when {@code prompt} is set
 * @param prompt      a plain prompt; {@code null} when {@code messages} are set
 * @param temperature sampling temperature, 0 to 2
 * @param maxTokens   the most tokens to generate, at least 1
 * @param stop        stop sequences, possibly empty
 * @param seed        the sampling seed; {@code null} for none
 * @param stage       the pipeline stage that made the request (for accounting), e.g. {@code cst}
 * @param priority    queueing order; lower runs first
 * @param responseSchema the JSON Schema the answer must match, for servers that can enforce one;
 *                    {@code null} (the default) asks for free text
 */
public record LlmRequest(
        List<ChatMessage> messages,
        String prompt,
        double temperature,
        int maxTokens,
        List<String> stop,
        Long seed,
        String stage,
        long priority,
        ResponseSchema responseSchema) {
    /**
     * Checks and normalises the components: {@code null} lists become empty (and every list an
     * unmodifiable copy), a {@code null} stage becomes {@code "other"}.
     *
     * @throws IllegalArgumentException when both or neither of messages and prompt are given, the
     *         temperature is outside 0 to 2, or {@code maxTokens} is below 1
     */
    public LlmRequest {
        messages = List.copyOf(messages == null ? List.of() : messages);
        stop = List.copyOf(stop == null ? List.of() : stop);
        if (messages.isEmpty() == (prompt == null)) {
            throw new IllegalArgumentException("a request needs either messages or a prompt, not both or neither");
        }
        Knob.temperature(temperature);
        Knob.atLeast("maxTokens", maxTokens, 1);
        stage = stage == null ? "other" : stage;
    }

    /** A new builder with the defaults listed on {@link Builder}; give it messages or a prompt. */
    public static Builder builder() {
        return new Builder();
    }

    /** The seed, if any. */
    public OptionalLong seedValue() {
        return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
    }

    /** The messages a chat endpoint should receive: {@link #messages()}, or the prompt as one user message. */
    public List<ChatMessage> asMessages() {
        return prompt != null ? List.of(ChatMessage.user(prompt)) : messages;
    }

    /** A builder that starts from this request. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.messages.addAll(messages);
        b.prompt = prompt;
        b.temperature = temperature;
        b.maxTokens = maxTokens;
        b.stop.addAll(stop);
        b.seed = seed;
        b.stage = stage;
        b.priority = priority;
        b.responseSchema = responseSchema;
        return b;
    }

    /** Builds an {@link LlmRequest}; defaults: temperature 0.7, 1024 max tokens, no stop, no seed. */
    public static final class Builder {
        private final List<ChatMessage> messages = new ArrayList<>();
        private String prompt;
        private double temperature = 0.7;
        private int maxTokens = 1024;
        private final List<String> stop = new ArrayList<>();
        private Long seed;
        private String stage;
        private long priority;
        private ResponseSchema responseSchema;

        private Builder() {}

        /**
         * Replaces the messages given so far with {@code value}, kept in order. A request has
         * messages or a prompt, not both: {@link #build()} rejects a builder that has both.
         */
        public Builder messages(List<ChatMessage> value) {
            messages.clear();
            messages.addAll(value);
            return this;
        }

        /**
         * Appends one message after those given so far.
         *
         * @throws NullPointerException if {@code value} is {@code null}
         */
        public Builder message(ChatMessage value) {
            messages.add(Objects.requireNonNull(value, "message"));
            return this;
        }

        /**
         * A plain prompt instead of messages; {@code null} (the default) means the request uses
         * messages. {@link #build()} rejects a builder with both or neither.
         */
        public Builder prompt(String value) {
            this.prompt = value;
            return this;
        }

        /** The sampling temperature, 0 to 2 (checked by {@link #build()}); default 0.7. */
        public Builder temperature(double value) {
            this.temperature = value;
            return this;
        }

        /** The most tokens the answer may have, at least 1 (checked by {@link #build()}); default 1024. */
        public Builder maxTokens(int value) {
            this.maxTokens = value;
            return this;
        }

        /** Replaces the stop sequences with {@code value}; default none. */
        public Builder stop(List<String> value) {
            stop.clear();
            stop.addAll(value);
            return this;
        }

        /** The sampling seed sent to the server; {@code null} (the default) sends none. */
        public Builder seed(Long value) {
            this.seed = value;
            return this;
        }

        /** The sampling seed sent to the server, so a rerun with the same seed can reproduce the answer. */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * The pipeline stage the request belongs to, for accounting and the summary's per-stage
         * counts (e.g. {@code cst}, {@code response}); {@code null} (the default) counts it as
         * {@code "other"}. Never sent to the server.
         */
        public Builder stage(String value) {
            this.stage = value;
            return this;
        }

        /** Where the request queues behind a concurrency limit: lower values go first; default 0. Never sent. */
        public Builder priority(long value) {
            this.priority = value;
            return this;
        }

        /** The JSON Schema the answer must match; {@code null} (the default) asks for free text. */
        public Builder responseSchema(ResponseSchema value) {
            this.responseSchema = value;
            return this;
        }

        /**
         * The request, checked as the {@link LlmRequest} constructor checks it.
         *
         * @throws IllegalArgumentException when both or neither of messages and prompt were given,
         *         or a number is out of range
         */
        public LlmRequest build() {
            return new LlmRequest(messages, prompt, temperature, maxTokens, stop, seed, stage, priority, responseSchema);
        }
    }
}
