package io.augcon.core.offline;

import io.augcon.api.Language;
import io.augcon.api.internal.Knob;
import java.util.List;

/**
 * What a text is about, as a few short phrases: RAKE-style phrases for English, jieba keywords
 * weighted by dictionary rarity for Chinese. Used by the offline mode to write questions.
 *
 * <pre>{@code
 * List<String> phrases = KeyPhrases.extract("The Moon pulls the ocean toward it.", Language.EN, 3);
 * // [Moon pulls, ocean]
 * }</pre>
 */
final class KeyPhrases {
    private KeyPhrases() {}

    /** Up to {@code max} phrases of {@code text}, best first; empty when none stands out. */
    public static List<String> extract(String text, Language language, int max) {
        Knob.atLeast("max", max, 1);
        return language == Language.ZH ? ChineseKeywords.extract(text, max) : EnglishKeyPhrases.extract(text, max);
    }
}
