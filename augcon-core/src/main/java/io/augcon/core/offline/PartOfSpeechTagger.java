package io.augcon.core.offline;

import io.augcon.api.Language;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * Cuts a text into words and tags each with its part of speech. The offline mode builds its key
 * phrases from these tags: a question names a noun phrase, never a run of words that happens to
 * sit between stopwords ("takes little force" made "What is the overall picture of takes little
 * force here?"). Taggers need trained models, and augcon-core carries none, so the implementation
 * lives beside the embedding models: augcon-scorer's {@code io.augcon.scorer.tagger.BundledTagger}
 * (Apache OpenNLP for English, HanLP for Chinese), found on the class path by {@link #onClassPath()}.
 *
 * <pre>{@code
 * PartOfSpeechTagger tagger = PartOfSpeechTagger.onClassPath();
 * List<PartOfSpeechTagger.Word> words = tagger.tag("The Moon pulls the ocean.", Language.EN);
 * // [The/OTHER, Moon/PROPER_NOUN, pulls/VERB, the/OTHER, ocean/NOUN, ./OTHER]
 * }</pre>
 */
public interface PartOfSpeechTagger {
    /** The words of {@code text} in order, each with its tag; punctuation is a word tagged {@link Tag#OTHER}. */
    List<Word> tag(String text, Language language);

    /** Names the tagger and its models, for provenance. */
    String id();

    /**
     * The coarse classes a question form depends on: what a noun phrase is built of ({@code NOUN},
     * {@code PROPER_NOUN}, {@code VERBAL_NOUN}, {@code NUMBER}, {@code ADJECTIVE}) and what ends it.
     */
    enum Tag {
        /** A common noun: tea, tide, 茶叶. */
        NOUN,
        /** A name: London, the Moon when tagged so, 杭州. */
        PROPER_NOUN,
        /** A noun that names an action or process: fermentation, brewing, 发酵 used as a noun (vn). */
        VERBAL_NOUN,
        /** A number or numeral: 50, three, 三. */
        NUMBER,
        /** An adjective: green, 新. */
        ADJECTIVE,
        /** A verb or auxiliary. */
        VERB,
        /** Anything else: determiners, pronouns, adverbs, prepositions, particles, punctuation. */
        OTHER
    }

    /**
     * One word of the text as written, with its tag.
     *
     * @param text the word exactly as it stands in the text (case and width kept)
     * @param tag  its coarse class
     */
    record Word(String text, Tag tag) {
        /**
         * Checks that both components are given.
         *
         * @throws NullPointerException if {@code text} or {@code tag} is {@code null}
         */
        public Word {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(tag, "tag");
        }
    }

    /**
     * The first tagger registered under {@code META-INF/services} (augcon-scorer registers its
     * {@code BundledTagger}).
     *
     * @throws IllegalStateException when the class path holds none
     */
    static PartOfSpeechTagger onClassPath() {
        return ServiceLoader.load(PartOfSpeechTagger.class).findFirst().orElseThrow(() -> new IllegalStateException(
                "no PartOfSpeechTagger on the class path: add augcon-scorer (its BundledTagger tags English and"
                        + " Chinese), or pass a tagger to new OfflineExpander(encoder, tagger)"));
    }
}
