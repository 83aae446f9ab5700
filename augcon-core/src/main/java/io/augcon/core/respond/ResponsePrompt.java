package io.augcon.core.respond;

import io.augcon.api.ChatMessage;
import io.augcon.api.Language;
import io.augcon.core.internal.PromptResources;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The answering prompt of principle-driven self-alignment: a system message carrying the
 * principles and the answer format, the demonstrations as earlier turns of the conversation,
 * then the context and the question; and the reading of what the model replies.
 *
 * <p>Two formats: the answer alone (default), or {@linkplain #withReasoning reasoning} first and
 * then a line {@code Final answer:} ({@code 最终答案：}), of which only the final answer is kept.
 *
 * <pre>{@code
 * ResponsePrompt prompt = ResponsePrompt.defaults(Language.EN)
 *     .withPrinciples(List.of("Answer in the voice of a friendly librarian."));
 * List<ChatMessage> messages = prompt.render(context, question, SeedExample.defaults(Language.EN));
 * Optional<String> answer = prompt.readAnswer("**Answer:** At nine.");   // "At nine."
 * }</pre>
 */
public final class ResponsePrompt {
    private static final String STEP = "response";
    private static final String PRINCIPLES_SLOT = "{{principles}}";

    /** A label some models put before the answer although the demonstrations have none. */
    private static final Pattern ANSWER_LABEL =
            Pattern.compile("^\\s*(?:\\*\\*)?(?:answer|a|答案|回答|答)\\s*(?:\\*\\*)?\\s*[:：]\\s*(?:\\*\\*)?\\s*", Pattern.CASE_INSENSITIVE);
    /** The final-answer marker of the reasoning format, in either language, bold or not. */
    private static final Pattern FINAL_ANSWER = Pattern.compile(
            "(?:\\*\\*|__)?\\s*(?:final\\s+answer|最终答案|最终回答)\\s*(?:\\*\\*|__)?\\s*[:：]\\s*(?:\\*\\*|__)?",
            Pattern.CASE_INSENSITIVE);

    /** Bold markers left at either end, e.g. of "**At nine.**" or after a bold marker line. */
    private static final Pattern BOLD_ENDS = Pattern.compile("^(?:\\*\\*|__)|(?:\\*\\*|__)$");

    private final Language language;
    private final String systemTemplate;
    private final List<String> principles;
    private final boolean reasoning;
    private final String format;
    private final String id;

    private ResponsePrompt(Language language, String systemTemplate, List<String> principles, boolean reasoning) {
        this.language = Objects.requireNonNull(language, "language");
        if (!systemTemplate.contains(PRINCIPLES_SLOT)) {
            throw new IllegalArgumentException("the system template must contain " + PRINCIPLES_SLOT);
        }
        this.systemTemplate = systemTemplate.strip();
        this.principles = List.copyOf(principles);
        this.reasoning = reasoning;
        this.format = PromptResources.text(STEP, language, reasoning ? "format-reasoning.txt" : "format-answer.txt");
        List<String> parts = new ArrayList<>(this.principles);
        parts.add(0, this.systemTemplate + "\n" + format);
        this.id = "response-" + language.code() + "-" + PromptResources.contentHash(parts);
    }

    /** The bundled system message and principles for {@code language}, answer-only format. */
    public static ResponsePrompt defaults(Language language) {
        return new ResponsePrompt(
                language,
                PromptResources.text(STEP, language, "system.txt"),
                defaultPrinciples(language),
                false);
    }

    /** The bundled principles for {@code language}, one per entry. */
    public static List<String> defaultPrinciples(Language language) {
        return PromptResources.lines(STEP, language, "principles.txt");
    }

    /** This prompt with other principles (tone, persona, safety rules), replacing the defaults. */
    public ResponsePrompt withPrinciples(List<String> newPrinciples) {
        return new ResponsePrompt(language, systemTemplate, newPrinciples, reasoning);
    }

    /**
     * This prompt with another system template; it must contain {@code {{principles}}}. The
     * answer-format instruction is appended after it.
     */
    public ResponsePrompt withSystemTemplate(String template) {
        return new ResponsePrompt(language, template, principles, reasoning);
    }

    /**
     * This prompt asking for step-by-step reasoning before a marked final answer ({@code true}),
     * or for the answer alone ({@code false}, the default).
     */
    public ResponsePrompt withReasoning(boolean value) {
        return new ResponsePrompt(language, systemTemplate, principles, value);
    }

    /** The messages that ask for an answer to {@code question} about {@code context}. */
    public List<ChatMessage> render(String context, String question, List<SeedExample> demonstrations) {
        List<ChatMessage> messages = new ArrayList<>(2 + 2 * demonstrations.size());
        messages.add(ChatMessage.system(systemMessage()));
        for (SeedExample demo : demonstrations) {
            messages.add(ChatMessage.user(turn(demo.context(), demo.question())));
            messages.add(ChatMessage.assistant(reasoning ? marker() + demo.answer() : demo.answer()));
        }
        messages.add(ChatMessage.user(turn(context, question)));
        return messages;
    }

    /**
     * The answer in a reply: the text after the last final-answer marker in the reasoning format,
     * the whole reply otherwise, without a leading "Answer:" label or wrapping bold. Empty when
     * nothing usable is left, or when a reasoning reply has no marker.
     */
    public Optional<String> readAnswer(String reply) {
        String text = reply;
        if (reasoning) {
            Matcher marker = FINAL_ANSWER.matcher(reply);
            int end = -1;
            while (marker.find()) {
                end = marker.end();
            }
            if (end < 0) {
                return Optional.empty();
            }
            text = reply.substring(end);
        }
        text = ANSWER_LABEL.matcher(text).replaceFirst("").strip();
        text = BOLD_ENDS.matcher(text).replaceAll("").strip();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    private String systemMessage() {
        StringBuilder list = new StringBuilder();
        for (String principle : principles) {
            if (list.length() > 0) {
                list.append('\n');
            }
            list.append("- ").append(principle);
        }
        return systemTemplate.replace(PRINCIPLES_SLOT, list) + "\n" + format;
    }

    private String marker() {
        return language == Language.ZH ? "最终答案：" : "Final answer: ";
    }

    private String turn(String context, String question) {
        return language == Language.ZH
                ? "上下文：" + context.strip() + "\n问题：" + question.strip()
                : "Context: " + context.strip() + "\nQuestion: " + question.strip();
    }

    /** The language of the bundled texts this prompt uses and of the labels it reads answers by. */
    public Language language() {
        return language;
    }

    /** The principles listed in the system message, in order; the bundled ones unless replaced by {@link #withPrinciples}. */
    public List<String> principles() {
        return principles;
    }

    /** Whether the model is asked to reason before a marked final answer. */
    public boolean reasoning() {
        return reasoning;
    }

    /** A short content hash of the principles alone: names them in provenance. */
    public String principlesId() {
        return PromptResources.contentHash(principles);
    }

    /** {@code response-<lang>-<hash>}: names this exact prompt in provenance. */
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }
}
