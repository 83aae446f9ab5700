package io.augcon.api;

import java.util.List;
import java.util.Objects;

/**
 * How an {@link LlmRequest} becomes one prompt string, for a backend whose API takes a single
 * string (a completions endpoint, a base model, a command-line model) rather than chat messages.
 *
 * <p>A request made of a plain {@link LlmRequest#prompt() prompt} is sent as it is: the
 * pipeline's CST prompt ends with its {@code Question:} label for the model to continue, and a
 * marker around it would break that. A request made of {@link LlmRequest#messages() messages}
 * is rendered as each message's role marker followed by its content, the messages joined by
 * {@link #separator()}; then, unless the last message is the assistant's (which the model then
 * continues), {@link #separator()} and {@link #cue()}, the start of the turn the model writes.
 *
 * <p>Two renderings ship:
 * <ul>
 *   <li>{@link #CONTENTS_ONLY}: no markers and no cue, contents joined by a blank line. What
 *       {@code OpenAiCompletionsBackend} sends by default. {@code [system "Be brief.", user
 *       "Why?"]} becomes {@code "Be brief.\n\nWhy?"}.</li>
 *   <li>{@link #ROLE_LABELS}: {@code "System: "}, {@code "User: "} and {@code "Assistant: "}
 *       before each content, blank lines between, and {@code "Assistant:"} as the cue. The same
 *       request becomes {@code "System: Be brief.\n\nUser: Why?\n\nAssistant:"}: the roles stay
 *       visible to a model without a chat template, and it answers as the assistant.</li>
 * </ul>
 * A model with a chat template of its own (ChatML's {@code <|im_start|>user}, Llama's
 * {@code [INST]}) gets a rendering with its markers:
 *
 * <pre>{@code
 * PromptRendering chatMl = new PromptRendering("<|im_start|>system\n", "<|im_start|>user\n",
 *         "<|im_start|>assistant\n", "<|im_end|>\n", "<|im_start|>assistant\n");
 * String prompt = chatMl.render(request);
 * }</pre>
 *
 * @param system    written before a system message's content
 * @param user      written before a user message's content
 * @param assistant written before an assistant message's content
 * @param separator written between two messages, and before the cue
 * @param cue       written after the last message unless it is the assistant's: the start of the
 *                  model's turn; empty for none
 */
public record PromptRendering(String system, String user, String assistant, String separator, String cue) {
    /** Contents only, joined by a blank line, no cue: what the OpenAI completions backend sends. */
    public static final PromptRendering CONTENTS_ONLY = new PromptRendering("", "", "", "\n\n", "");

    /** {@code System: }, {@code User: }, {@code Assistant: } markers, blank lines between, {@code Assistant:} cue. */
    public static final PromptRendering ROLE_LABELS =
            new PromptRendering("System: ", "User: ", "Assistant: ", "\n\n", "Assistant:");

    /** @throws NullPointerException naming the part that is null (use {@code ""} for none) */
    public PromptRendering {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(assistant, "assistant");
        Objects.requireNonNull(separator, "separator");
        Objects.requireNonNull(cue, "cue");
    }

    /** The one string to send for {@code request}: its prompt as it is, or its messages rendered. */
    public String render(LlmRequest request) {
        Objects.requireNonNull(request, "request");
        return request.prompt() != null ? request.prompt() : render(request.messages());
    }

    /** {@code messages} rendered as the class description says. */
    public String render(List<ChatMessage> messages) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage message = messages.get(i);
            out.append(i == 0 ? "" : separator).append(marker(message.role())).append(message.content());
        }
        boolean modelContinues = !messages.isEmpty() && messages.get(messages.size() - 1).role() == ChatMessage.Role.ASSISTANT;
        if (!cue.isEmpty() && !modelContinues) {
            out.append(messages.isEmpty() ? "" : separator).append(cue);
        }
        return out.toString();
    }

    private String marker(ChatMessage.Role role) {
        return switch (role) {
            case SYSTEM -> system;
            case USER -> user;
            case ASSISTANT -> assistant;
        };
    }
}
