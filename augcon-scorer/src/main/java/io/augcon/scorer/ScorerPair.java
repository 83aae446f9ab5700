package io.augcon.scorer;

import java.util.Objects;

/**
 * One training example for the contrastive scorer: a context, a query that should score higher
 * for it ({@code positive}, e.g. from the full instruction and examples) and one that should
 * score lower ({@code negative}, e.g. from a weaker prompt).
 *
 * <pre>{@code
 * new ScorerPair("Tides rise twice a day because ...", "Why are there two high tides a day?", "What is this about?");
 * }</pre>
 */
public record ScorerPair(String context, String positive, String negative) {
    /** Rejects null and blank texts. */
    public ScorerPair {
        requireText(context, "context");
        requireText(positive, "positive");
        requireText(negative, "negative");
    }

    private static void requireText(String text, String name) {
        Objects.requireNonNull(text, name);
        if (text.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
