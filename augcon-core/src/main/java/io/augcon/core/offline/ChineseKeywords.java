package io.augcon.core.offline;

import io.augcon.api.Language;
import io.augcon.core.offline.NounPhrases.Phrase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ranks the noun phrases of Chinese text TF-IDF style, with the rarity of a word taken from
 * jieba's dictionary frequencies (log of total count over the word's count), since no corpus
 * statistics exist before the run. Words absent from the dictionary (names and terms) count as
 * rare; a phrase of several words sums their rarity.
 */
final class ChineseKeywords {
    private static volatile Rarity rarity;

    private ChineseKeywords() {}

    /** Up to {@code max} of {@code phrases}, best first, each once. */
    static List<KeyPhrase> rank(List<Phrase> phrases, int max) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, KeyPhrase> byText = new HashMap<>();
        Map<String, Double> rarities = new HashMap<>();
        Rarity r = rarity();
        for (Phrase phrase : phrases) {
            String text = String.join(" ", phrase.words());
            counts.merge(text, 1, Integer::sum);
            byText.putIfAbsent(text, new KeyPhrase(phrase.display(Language.ZH), phrase.kind()));
            rarities.computeIfAbsent(text, t -> phrase.words().stream().mapToDouble(r::of).sum());
        }
        Map<String, Double> scores = new HashMap<>();
        counts.forEach((text, tf) -> scores.put(text, tf * rarities.get(text)));
        List<String> ranked = new ArrayList<>(counts.keySet());
        ranked.sort(Comparator.comparingDouble((String t) -> scores.get(t)).reversed());
        return ranked.subList(0, Math.min(max, ranked.size())).stream().map(byText::get).toList();
    }

    private static Rarity rarity() {
        Rarity r = rarity;
        if (r == null) {
            synchronized (ChineseKeywords.class) {
                if (rarity == null) {
                    rarity = Rarity.load();
                }
                r = rarity;
            }
        }
        return r;
    }

    /** Inverse document frequency from the dictionary counts jieba ships in {@code /dict.txt}. */
    private static final class Rarity {
        private final Map<String, Integer> counts;
        private final double logTotal;

        private Rarity(Map<String, Integer> counts, long total) {
            this.counts = counts;
            this.logTotal = Math.log(total);
        }

        double of(String word) {
            Integer count = counts.get(word);
            return logTotal - Math.log(count == null ? 1 : count);
        }

        static Rarity load() {
            Map<String, Integer> counts = new HashMap<>(400_000);
            long total = 0;
            try (InputStream in = ChineseKeywords.class.getResourceAsStream("/dict.txt")) {
                if (in == null) {
                    throw new IllegalStateException("jieba's dict.txt is missing from the class path");
                }
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                String line;
                while ((line = reader.readLine()) != null) {
                    String[] fields = line.split(" ");
                    if (fields.length >= 2) {
                        int count = Integer.parseInt(fields[1]);
                        counts.put(fields[0], count);
                        total += count;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read jieba's dict.txt", e);
            }
            return new Rarity(counts, total);
        }
    }
}
