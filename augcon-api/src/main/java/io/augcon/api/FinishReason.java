package io.augcon.api;

import java.util.Locale;

/** Why a model stopped generating. */
public enum FinishReason {
    /** A natural end or a stop sequence. */
    STOP,
    /** The token limit cut the output: the text is truncated. */
    LENGTH,
    /** The provider filtered the content. */
    CONTENT_FILTER,
    /** Any other reason a provider reports. */
    OTHER,
    /** The provider reported none. */
    UNKNOWN;

    /**
     * Maps a provider's finish-reason string ({@code stop}, {@code length}, {@code eos},
     * {@code content_filter}, ...) to a value; {@code null} or blank gives {@link #UNKNOWN}.
     */
    public static FinishReason parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return UNKNOWN;
        }
        switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "stop":
            case "eos":
            case "stop_sequence":
            case "end_turn":
                return STOP;
            case "length":
            case "max_tokens":
                return LENGTH;
            case "content_filter":
                return CONTENT_FILTER;
            default:
                return OTHER;
        }
    }
}
