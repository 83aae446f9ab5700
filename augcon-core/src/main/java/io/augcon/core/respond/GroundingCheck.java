package io.augcon.core.respond;

import io.augcon.api.Language;
import io.augcon.core.text.Stopwords;
import io.augcon.core.text.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How much of an answer comes from its context: the share of the answer's content words that
 * are found in the context. An answer the model made up from its own knowledge scores low even
 * when it is true, which is what the paper's fidelity step guards against.
 *
 * <p>Content words are {@link Tokenizer} words that are not {@linkplain Stopwords stopwords}.
 * English words are split at hyphens, lose a possessive {@code 's} and a plural ending, and
 * match a context word when the two are equal or the shorter (of at least four letters) begins
 * the longer, so "cancelled" matches "cancel" and "phases" matches "phase"; contractions such as
 * "don't" are not content. A Chinese word (jieba) counts as found when it occurs anywhere in
 * the context's text, so a different segmentation of the same characters still matches.
 *
 * <pre>{@code
 * double share = GroundingCheck.score(answer, context, Language.EN);   // 0.0 .. 1.0
 * }</pre>
 */
public final class GroundingCheck {
    /** The shortest English stem that may match a longer word it begins. */
    private static final int MIN_PREFIX = 4;

    private GroundingCheck() {}

    /**
     * The share of {@code answer}'s content words found in {@code context}, from 0 to 1; 1 when
     * the answer has no content word at all (nothing in it can be unfounded).
     */
    public static double score(String answer, String context, Language language) {
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(language, "language");
        List<String> words = contentWords(answer, language);
        if (words.isEmpty()) {
            return 1.0;
        }
        int found = 0;
        if (language == Language.ZH) {
            String haystack = context.toLowerCase(Locale.ROOT);
            for (String word : words) {
                found += haystack.contains(word) ? 1 : 0;
            }
        } else {
            List<String> contextWords = contentWords(context, language);
            for (String word : words) {
                found += foundIn(word, contextWords) ? 1 : 0;
            }
        }
        return (double) found / words.size();
    }

    /** The content words of {@code text}, in order, English ones stemmed. */
    static List<String> contentWords(String text, Language language) {
        Set<String> stopwords = Stopwords.of(language);
        Set<String> framing = Stopwords.answerFraming(language);
        List<String> out = new ArrayList<>();
        for (String token : Tokenizer.tokens(text, language)) {
            if (language == Language.ZH) {
                if (!stopwords.contains(token) && !framing.contains(token)) {
                    out.add(token);
                }
                continue;
            }
            for (String part : token.split("-")) {
                if (!part.isEmpty() && !stopwords.contains(part) && !framing.contains(part) && !isContraction(part)) {
                    out.add(stem(part));
                }
            }
        }
        return out;
    }

    private static boolean foundIn(String word, List<String> contextWords) {
        for (String candidate : contextWords) {
            if (candidate.equals(word) || beginsOther(word, candidate) || beginsOther(candidate, word)) {
                return true;
            }
        }
        return false;
    }

    private static boolean beginsOther(String shorter, String longer) {
        return shorter.length() >= MIN_PREFIX && shorter.length() < longer.length() && longer.startsWith(shorter);
    }

    private static boolean isContraction(String word) {
        return word.endsWith("n't") || word.endsWith("'re") || word.endsWith("'ll") || word.endsWith("'ve")
                || word.endsWith("'m") || word.endsWith("'d") || word.equals("it's") || word.equals("that's");
    }

    private static String stem(String word) {
        String w = word.endsWith("'s") ? word.substring(0, word.length() - 2) : word;
        if (w.length() > 4 && w.endsWith("ies")) {
            return w.substring(0, w.length() - 3) + "y";
        }
        if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss")) {
            return w.substring(0, w.length() - 1);
        }
        return w;
    }
}
