package io.augcon.core.offline;

import io.augcon.api.Language;
import io.augcon.core.offline.NounPhrases.Phrase;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ranks the noun phrases of English text in the manner of RAKE (Rose et al., 2010): a word scores
 * its degree (the summed length of the phrases it occurs in) over its frequency; a phrase scores
 * the sum of its words. Longer phrases win over lone frequent words, which suits naming what a
 * sentence is about.
 */
final class EnglishKeyPhrases {
    private EnglishKeyPhrases() {}

    /** Up to {@code max} of {@code phrases}, best first, each once, names capitalised as written. */
    static List<KeyPhrase> rank(List<Phrase> phrases, int max) {
        Map<String, Integer> frequency = new HashMap<>();
        Map<String, Integer> degree = new HashMap<>();
        for (Phrase phrase : phrases) {
            for (String word : phrase.words()) {
                frequency.merge(word, 1, Integer::sum);
                degree.merge(word, phrase.words().size(), Integer::sum);
            }
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        Map<String, KeyPhrase> byText = new HashMap<>();
        for (Phrase phrase : phrases) {
            double score = 0;
            for (String word : phrase.words()) {
                score += degree.get(word) / (double) frequency.get(word);
            }
            String text = String.join(" ", phrase.words());
            scores.merge(text, score, Math::max);
            byText.putIfAbsent(text, new KeyPhrase(phrase.display(Language.EN), phrase.kind()));
        }
        List<String> ranked = new ArrayList<>(scores.keySet());
        ranked.sort(Comparator.comparingDouble((String p) -> scores.get(p)).reversed());
        return ranked.subList(0, Math.min(max, ranked.size())).stream().map(byText::get).toList();
    }
}
