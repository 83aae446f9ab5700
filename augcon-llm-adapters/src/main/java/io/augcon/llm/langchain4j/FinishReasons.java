package io.augcon.llm.langchain4j;

import io.augcon.api.FinishReason;
import java.util.Set;

/**
 * The one mapping between our {@link FinishReason} and langchain4j's, used in both directions by
 * the two bridges: the reasons both sides name the same way map to each other, anything else is
 * {@code OTHER} on the receiving side.
 */
final class FinishReasons {
    private static final Set<String> SHARED = Set.of("STOP", "LENGTH", "CONTENT_FILTER");

    private FinishReasons() {}

    /** langchain4j's reason as ours; {@code null} (the model said nothing) is {@link FinishReason#UNKNOWN}. */
    static FinishReason ours(dev.langchain4j.model.output.FinishReason reason) {
        if (reason == null) {
            return FinishReason.UNKNOWN;
        }
        return SHARED.contains(reason.name()) ? FinishReason.valueOf(reason.name()) : FinishReason.OTHER;
    }

    /** Our reason as langchain4j's. */
    static dev.langchain4j.model.output.FinishReason theirs(FinishReason reason) {
        return SHARED.contains(reason.name())
                ? dev.langchain4j.model.output.FinishReason.valueOf(reason.name())
                : dev.langchain4j.model.output.FinishReason.OTHER;
    }
}
