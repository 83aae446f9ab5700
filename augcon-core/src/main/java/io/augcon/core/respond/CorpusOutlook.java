package io.augcon.core.respond;

import io.augcon.api.Language;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the answering step knows of the job when a demonstration search starts: the pairs owed
 * per language by the root contexts read so far, and whether those are all of them. The
 * automatic search budget ({@link SearchScaling}) scales the search to it. A pipeline gives its
 * own; a host application that drives {@link SelfImprovingResponder} itself may tell it:
 *
 * <pre>{@code
 * CorpusOutlook job = new CorpusOutlook(Map.of(Language.EN, 40L), true);   // 40 English pairs, nothing more
 * SelfImprovingResponder answers = SelfImprovingResponder.builder()
 *     .backend(backend)
 *     .corpusOutlook(() -> CompletableFuture.completedFuture(job))
 *     .build();
 * }</pre>
 *
 * @param pairsOwed pairs owed per language by the roots read; a language not in the map owes none
 * @param complete  whether every root of the corpus was read, so that the counts are the job's
 */
public record CorpusOutlook(Map<Language, Long> pairsOwed, boolean complete) {
    /** Nothing known: the automatic budget stays at its default. */
    public static final CorpusOutlook UNKNOWN = new CorpusOutlook(Map.of(), false);

    /** @throws IllegalArgumentException when a count is negative */
    public CorpusOutlook {
        EnumMap<Language, Long> copied = new EnumMap<>(Language.class);
        Objects.requireNonNull(pairsOwed, "pairsOwed").forEach((language, pairs) -> {
            if (pairs < 0) {
                throw new IllegalArgumentException("pairsOwed for " + language.code() + " must be >= 0, was " + pairs);
            }
            copied.put(Objects.requireNonNull(language, "language"), pairs);
        });
        pairsOwed = Collections.unmodifiableMap(copied);
    }

    /** The pairs owed in {@code language}, 0 when none. */
    public long pairsOwed(Language language) {
        return pairsOwed.getOrDefault(language, 0L);
    }
}
