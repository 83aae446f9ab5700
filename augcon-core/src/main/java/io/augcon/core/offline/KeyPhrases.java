package io.augcon.core.offline;

import io.augcon.api.Language;
import io.augcon.api.internal.Knob;
import java.util.List;

/**
 * What a text is about, as a few noun phrases with their kinds: the tagger's noun phrases, ranked
 * RAKE-style for English and by dictionary rarity for Chinese. Used by the offline mode to write
 * questions.
 *
 * <pre>{@code
 * List<KeyPhrase> phrases = KeyPhrases.extract("The Moon pulls the ocean toward it.", Language.EN, 3, tagger);
 * // [KeyPhrase[text=Moon, kind=NAME], KeyPhrase[text=ocean, kind=TERM]]
 * }</pre>
 */
final class KeyPhrases {
    private KeyPhrases() {}

    /** Up to {@code max} phrases of {@code text}, best first; empty when the text has no noun phrase. */
    static List<KeyPhrase> extract(String text, Language language, int max, PartOfSpeechTagger tagger) {
        Knob.atLeast("max", max, 1);
        List<NounPhrases.Phrase> phrases = NounPhrases.of(tagger.tag(text, language), language);
        return language == Language.ZH ? ChineseKeywords.rank(phrases, max) : EnglishKeyPhrases.rank(phrases, max);
    }
}
