package io.augcon.api;

import java.util.Objects;
import java.util.Optional;

/**
 * One document of a corpus.
 *
 * @param id       stable identifier, written into every record made from this document
 * @param text     the full text
 * @param source   where the document came from, for messages (e.g. {@code "corpus.jsonl:12"})
 * @param language the language if known; {@code null} lets the pipeline detect it
 */
public record Document(String id, String text, String source, Language language) {
    /**
     * Checks the required components; {@code language} may be {@code null}.
     *
     * @throws NullPointerException if {@code id}, {@code text} or {@code source} is {@code null}
     */
    public Document {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(source, "source");
    }

    /** A document whose language the pipeline detects, with its id as the source. */
    public static Document of(String id, String text) {
        return new Document(id, text, id, null);
    }

    /** The declared language, if any. */
    public Optional<Language> declaredLanguage() {
        return Optional.ofNullable(language);
    }
}
