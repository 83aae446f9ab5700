package io.augcon.core.offline;

import io.augcon.api.Language;
import io.augcon.core.text.Stopwords;
import io.augcon.core.text.Tokenizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keywords of Chinese text: jieba words weighted TF-IDF style, with the rarity of a word taken
 * from jieba's own dictionary frequencies (log of total count over the word's count), since no
 * corpus statistics exist before the run. Words absent from the dictionary (names and terms that
 * jieba found by its HMM) count as rare. Stopwords and single characters are skipped.
 *
 * <p>Nouns come first (the dictionary's part-of-speech tags {@code n*} and {@code vn}, and unknown
 * words of three characters or more): a question is asked about a thing, and verbs or adverbs such as 看清 or 各有 made
 * questions that read as nonsense. Other words are used only when too few nouns remain.
 */
final class ChineseKeywords {
    private static volatile Rarity rarity;

    private ChineseKeywords() {}

    /** Up to {@code max} keywords, best first. */
    static List<String> extract(String text, int max) {
        Set<String> stopwords = Stopwords.of(Language.ZH);
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String token : Tokenizer.tokens(text, Language.ZH)) {
            if (token.codePointCount(0, token.length()) >= 2 && !stopwords.contains(token)
                    && !token.chars().allMatch(Character::isDigit)) {
                counts.merge(token, 1, Integer::sum);
            }
        }
        Rarity r = rarity();
        Map<String, Double> scores = new HashMap<>();
        counts.forEach((word, tf) -> scores.put(word, tf * r.of(word)));
        List<String> ranked = new ArrayList<>(counts.keySet());
        ranked.sort(Comparator.comparing((String w) -> !r.nounLike(w))
                .thenComparing(Comparator.comparingDouble((String w) -> scores.get(w)).reversed()));
        return List.copyOf(ranked.subList(0, Math.min(max, ranked.size())));
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
        private final Set<String> notNouns;
        private final double logTotal;

        private Rarity(Map<String, Integer> counts, Set<String> notNouns, long total) {
            this.counts = counts;
            this.notNouns = notNouns;
            this.logTotal = Math.log(total);
        }

        /**
         * Dictionary nouns, and unknown words of three characters or more (names and terms jieba's
         * HMM put together); unknown two-character words are mostly fragments such as 各有.
         */
        boolean nounLike(String word) {
            if (counts.containsKey(word)) {
                return !notNouns.contains(word);
            }
            return word.codePointCount(0, word.length()) >= 3;
        }

        double of(String word) {
            Integer count = counts.get(word);
            return logTotal - Math.log(count == null ? 1 : count);
        }

        static Rarity load() {
            Map<String, Integer> counts = new HashMap<>(400_000);
            Set<String> notNouns = new HashSet<>(300_000);
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
                        if (fields.length >= 3 && !fields[2].startsWith("n") && !fields[2].equals("vn")) {
                            notNouns.add(fields[0]);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read jieba's dict.txt", e);
            }
            return new Rarity(counts, notNouns, total);
        }
    }
}
