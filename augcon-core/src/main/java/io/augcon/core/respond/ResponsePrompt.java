package io.augcon.core.respond;

import io.augcon.api.ChatMessage;
import io.augcon.api.Language;
import io.augcon.core.prompt.PromptResources;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The answering prompt of principle-driven self-alignment: a system message carrying the
 * principles, the demonstrations as earlier turns of the conversation, then the context and the
 * question.
 *
 * <pre>{@code
 * ResponsePrompt prompt = ResponsePrompt.defaults(Language.EN)
 *     .withPrinciples(List.of("Answer in the voice of a friendly librarian."));
 * List<ChatMessage> messages = prompt.render(context, question, SeedExample.defaults(Language.EN));
 * }</pre>
 */
public final class ResponsePrompt {
    private static final String STEP = "response";
    private static final String PRINCIPLES_SLOT = "{{principles}}";

    private final Language language;
    private final String systemTemplate;
    private final List<String> principles;
    private final String id;

    private ResponsePrompt(Language language, String systemTemplate, List<String> principles) {
        this.language = Objects.requireNonNull(language, "language");
        if (!systemTemplate.contains(PRINCIPLES_SLOT)) {
            throw new IllegalArgumentException("the system template must contain " + PRINCIPLES_SLOT);
        }
        this.systemTemplate = systemTemplate.strip();
        this.principles = List.copyOf(principles);
        List<String> parts = new ArrayList<>(this.principles);
        parts.add(0, this.systemTemplate);
        this.id = "response-" + language.code() + "-" + PromptResources.contentHash(parts);
    }

    /** The bundled system message and principles for {@code language}. */
    public static ResponsePrompt defaults(Language language) {
        return new ResponsePrompt(
                language,
                PromptResources.text(STEP, language, "system.txt"),
                defaultPrinciples(language));
    }

    /** The bundled principles for {@code language}, one per entry. */
    public static List<String> defaultPrinciples(Language language) {
        return PromptResources.lines(STEP, language, "principles.txt");
    }

    /** This prompt with other principles (tone, persona, safety rules), replacing the defaults. */
    public ResponsePrompt withPrinciples(List<String> newPrinciples) {
        return new ResponsePrompt(language, systemTemplate, newPrinciples);
    }

    /** This prompt with another system template; it must contain {@code {{principles}}}. */
    public ResponsePrompt withSystemTemplate(String template) {
        return new ResponsePrompt(language, template, principles);
    }

    /** The messages that ask for an answer to {@code question} about {@code context}. */
    public List<ChatMessage> render(String context, String question, List<SeedExample> demonstrations) {
        List<ChatMessage> messages = new ArrayList<>(2 + 2 * demonstrations.size());
        messages.add(ChatMessage.system(systemMessage()));
        for (SeedExample demo : demonstrations) {
            messages.add(ChatMessage.user(turn(demo.context(), demo.question())));
            messages.add(ChatMessage.assistant(demo.answer()));
        }
        messages.add(ChatMessage.user(turn(context, question)));
        return messages;
    }

    private String systemMessage() {
        StringBuilder list = new StringBuilder();
        for (String principle : principles) {
            if (list.length() > 0) {
                list.append('\n');
            }
            list.append("- ").append(principle);
        }
        return systemTemplate.replace(PRINCIPLES_SLOT, list);
    }

    private String turn(String context, String question) {
        return language == Language.ZH
                ? "上下文：" + context.strip() + "\n问题：" + question.strip()
                : "Context: " + context.strip() + "\nQuestion: " + question.strip();
    }

    public Language language() {
        return language;
    }

    public List<String> principles() {
        return principles;
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
