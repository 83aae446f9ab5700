package io.augcon.core.offline;

import io.augcon.api.Language;
import io.augcon.core.text.Stopwords;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Key phrases of English text in the manner of RAKE (Rose et al., 2010): candidate phrases are
 * runs of words between stopwords and punctuation; a word scores its degree (the summed length
 * of the phrases it occurs in) over its frequency; a phrase scores the sum of its words. Longer
 * content phrases win over lone frequent words, which suits naming what a sentence is about.
 */
final class EnglishKeyPhrases {
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'’-]*");
    private static final int MAX_WORDS = 4;

    private EnglishKeyPhrases() {}

    /** Up to {@code max} phrases, best first, proper nouns capitalised and other words lower-case. */
    static List<String> extract(String text, int max) {
        Set<String> stopwords = Stopwords.of(Language.EN);
        Set<String> proper = properNouns(text);
        List<List<String>> phrases = candidates(text, stopwords);
        Map<String, Integer> frequency = new HashMap<>();
        Map<String, Integer> degree = new HashMap<>();
        for (List<String> phrase : phrases) {
            for (String word : phrase) {
                frequency.merge(word, 1, Integer::sum);
                degree.merge(word, phrase.size(), Integer::sum);
            }
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        for (List<String> phrase : phrases) {
            double score = 0;
            for (String word : phrase) {
                score += degree.get(word) / (double) frequency.get(word);
            }
            scores.merge(display(phrase, proper), score, Math::max);
        }
        List<String> ranked = new ArrayList<>(scores.keySet());
        ranked.sort(Comparator.comparingDouble((String p) -> scores.get(p)).reversed());
        return List.copyOf(ranked.subList(0, Math.min(max, ranked.size())));
    }

    /** Runs of lower-cased non-stopwords with nothing but spaces between them. */
    private static List<List<String>> candidates(String text, Set<String> stopwords) {
        List<List<String>> phrases = new ArrayList<>();
        List<String> current = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        int lastEnd = 0;
        while (m.find()) {
            String word = m.group().toLowerCase(Locale.ROOT);
            boolean gapBreaks = !text.substring(lastEnd, m.start()).isBlank();
            lastEnd = m.end();
            if (gapBreaks || stopwords.contains(word) || current.size() == MAX_WORDS) {
                keep(current, phrases);
                current = new ArrayList<>();
            }
            if (!stopwords.contains(word)) {
                current.add(word);
            }
        }
        keep(current, phrases);
        return phrases;
    }

    private static void keep(List<String> phrase, List<List<String>> phrases) {
        if (phrase.isEmpty()) {
            return;
        }
        boolean allNumbers = phrase.stream().allMatch(w -> w.chars().allMatch(Character::isDigit));
        boolean tiny = phrase.size() == 1 && phrase.get(0).length() < 3;
        if (!allNumbers && !tiny) {
            phrases.add(phrase);
        }
    }

    /** Words written capitalised somewhere other than at the start of a sentence. */
    private static Set<String> properNouns(String text) {
        Set<String> proper = new HashSet<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            String word = m.group();
            if (Character.isUpperCase(word.charAt(0)) && !sentenceStart(text, m.start())) {
                proper.add(word.toLowerCase(Locale.ROOT));
            }
        }
        return proper;
    }

    private static boolean sentenceStart(String text, int at) {
        for (int i = at - 1; i >= 0; i--) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c) && c != '"' && c != '“' && c != '(') {
                return c == '.' || c == '!' || c == '?' || c == ':';
            }
        }
        return true;
    }

    private static String display(List<String> phrase, Set<String> proper) {
        StringBuilder out = new StringBuilder();
        for (String word : phrase) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(proper.contains(word) ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
        }
        return out.toString();
    }
}
