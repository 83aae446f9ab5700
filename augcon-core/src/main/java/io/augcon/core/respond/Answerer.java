package io.augcon.core.respond;

import io.augcon.api.Language;
import io.augcon.api.LlmBackend;
import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.core.internal.stage.Reask;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * One answering call, as every answering stage of the package makes it: the language's prompt
 * rendered with the given demonstrations, sent at the answering temperature, and read into the
 * final answer. An empty, truncated or (in the reasoning format) unmarked reply is asked again
 * with a derived seed, at most {@code maxAttempts} times in all.
 */
final class Answerer {
    private final LlmBackend backend;
    private final Map<Language, ResponsePrompt> prompts;
    private final double temperature;
    private final int maxTokens;
    private final int maxAttempts;

    Answerer(LlmBackend backend, Map<Language, ResponsePrompt> prompts, double temperature, int maxTokens, int maxAttempts) {
        this.backend = Objects.requireNonNull(backend, "backend is required");
        this.prompts = new EnumMap<>(prompts);
        for (Language language : Language.values()) {
            if (!this.prompts.containsKey(language)) {
                throw new IllegalArgumentException("no answering prompt for " + language.code());
            }
        }
        this.temperature = temperature;
        this.maxTokens = maxTokens;
        this.maxAttempts = maxAttempts;
    }

    /** The prompts per language, the bundled ones unless {@code given} replaces them, with principles and format applied. */
    static Map<Language, ResponsePrompt> prompts(Map<Language, ResponsePrompt> given,
            Map<Language, List<String>> principles, boolean reasoning) {
        Map<Language, ResponsePrompt> prompts = new EnumMap<>(Language.class);
        for (Language language : Language.values()) {
            ResponsePrompt prompt = given.getOrDefault(language, ResponsePrompt.defaults(language));
            List<String> own = principles.get(language);
            prompt = own == null ? prompt : prompt.withPrinciples(own);
            prompts.put(language, reasoning ? prompt.withReasoning(true) : prompt);
        }
        return prompts;
    }

    /** This answerer sending through {@code other}, e.g. a counting wrapper of the same backend. */
    Answerer via(LlmBackend other) {
        return new Answerer(other, prompts, temperature, maxTokens, maxAttempts);
    }

    ResponsePrompt prompt(Language language) {
        return prompts.get(language);
    }

    LlmBackend backend() {
        return backend;
    }

    /** The request for attempt {@code attempt} at answering {@code question} about {@code context}. */
    LlmRequest request(Language language, String context, String question, List<SeedExample> demonstrations,
            long seed, int attempt, String stage, long priority) {
        return LlmRequest.builder()
                .messages(prompts.get(language).render(context, question, demonstrations))
                .temperature(temperature)
                .maxTokens(maxTokens)
                .seed(Reask.attemptSeed(seed, attempt))
                .stage(stage)
                .priority(priority)
                .build();
    }

    /**
     * Asks until a reply holds a usable answer; completes with the answer text, or fails with the
     * last problem and a message naming {@code what}.
     */
    CompletionStage<String> answer(Language language, String context, String question, List<SeedExample> demonstrations,
            long seed, String stage, long priority, String what) {
        return Reask.ask(backend,
                attempt -> request(language, context, question, demonstrations, seed, attempt, stage, priority),
                (reply, failed) -> read(reply, language),
                maxAttempts, what);
    }

    private String read(LlmResponse reply, Language language) {
        if (reply.truncated()) {
            throw new LlmException(LlmException.Kind.TRUNCATED, "answer cut by the token limit");
        }
        ResponsePrompt prompt = prompts.get(language);
        return prompt.readAnswer(reply.text()).orElseThrow(() -> new LlmException(LlmException.Kind.MALFORMED_OUTPUT,
                prompt.reasoning() ? "no final answer after the reasoning" : "empty answer"));
    }
}
