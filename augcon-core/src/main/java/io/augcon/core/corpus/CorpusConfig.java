package io.augcon.core.corpus;

import static io.augcon.api.internal.Knob.atLeast;

import io.augcon.api.Language;

/**
 * How the corpus is read and cut into root contexts.
 *
 * <pre>{@code
 * CorpusConfig corpus = CorpusConfig.DEFAULTS.withMaxChunkChars(800).withLanguage(Language.EN);
 * }</pre>
 *
 * @param language          the language of every document, or {@code null} to take each document's
 *                          declared language or detect it (default)
 * @param maxChunkChars     longest root context in characters, cut at sentence ends (default 500)
 * @param minParagraphChars paragraphs of this many characters or fewer are dropped (default 100, as
 *                          the reference)
 * @param strictInput       whether a bad document stops a run read from a path (default: it is
 *                          skipped and reported to the listeners)
 */
public record CorpusConfig(Language language, int maxChunkChars, int minParagraphChars, boolean strictInput) {
    /** The method's values: language detected per document, 500, 100, bad documents skipped. */
    public static final CorpusConfig DEFAULTS = new CorpusConfig(null, 500, 100, false);

    /** @throws IllegalArgumentException naming the knob that is out of range */
    public CorpusConfig {
        atLeast("maxChunkChars", maxChunkChars, 1);
        atLeast("minParagraphChars", minParagraphChars, 0);
    }

    /** These settings with every document read as {@code value}; {@code null} detects per document. */
    public CorpusConfig withLanguage(Language value) {
        return new CorpusConfig(value, maxChunkChars, minParagraphChars, strictInput);
    }

    /** These settings with another longest root context. */
    public CorpusConfig withMaxChunkChars(int value) {
        return new CorpusConfig(language, value, minParagraphChars, strictInput);
    }

    /** These settings with another shortest kept paragraph. */
    public CorpusConfig withMinParagraphChars(int value) {
        return new CorpusConfig(language, maxChunkChars, value, strictInput);
    }

    /** These settings with bad documents stopping the run ({@code true}) or skipped. */
    public CorpusConfig withStrictInput(boolean value) {
        return new CorpusConfig(language, maxChunkChars, minParagraphChars, value);
    }
}
