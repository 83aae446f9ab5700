package io.augcon.api;

import java.util.Objects;

/**
 * One message of a chat request.
 *
 * @param role    who speaks it
 * @param content the message's text, sent as it is (never {@code null}; may be empty)
 */
public record ChatMessage(Role role, String content) {
    /** Who speaks a message. */
    public enum Role {
        /** Instructions that frame the whole conversation; sent first. */
        SYSTEM,
        /** The user's turn: the prompt the model answers. */
        USER,
        /** A turn the model spoke, e.g. a worked example's answer in a few-shot prompt. */
        ASSISTANT
    }

    /**
     * Checks that both components are given.
     *
     * @throws NullPointerException if {@code role} or {@code content} is {@code null}
     */
    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    /** A {@link Role#SYSTEM} message with {@code content}. */
    public static ChatMessage system(String content) {
        return new ChatMessage(Role.SYSTEM, content);
    }

    /** A {@link Role#USER} message with {@code content}. */
    public static ChatMessage user(String content) {
        return new ChatMessage(Role.USER, content);
    }

    /** A {@link Role#ASSISTANT} message with {@code content}. */
    public static ChatMessage assistant(String content) {
        return new ChatMessage(Role.ASSISTANT, content);
    }
}
