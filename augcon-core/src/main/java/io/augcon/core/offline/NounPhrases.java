package io.augcon.core.offline;

import io.augcon.api.Language;
import io.augcon.core.offline.KeyPhrase.Kind;
import io.augcon.core.offline.PartOfSpeechTagger.Tag;
import io.augcon.core.offline.PartOfSpeechTagger.Word;
import io.augcon.core.text.Stopwords;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The noun phrases of a tagged text, each with its {@link Kind}. A phrase is a run of nouns,
 * names, numbers and adjectives that ends in a noun, the pattern of Justeson and Katz (1995) for
 * technical terms, so a question never names a verb phrase such as "takes little force".
 */
final class NounPhrases {
    private static final Set<Tag> IN_PHRASE = EnumSet.of(Tag.NOUN, Tag.PROPER_NOUN, Tag.VERBAL_NOUN, Tag.NUMBER, Tag.ADJECTIVE);
    private static final Set<Tag> HEAD = EnumSet.of(Tag.NOUN, Tag.PROPER_NOUN, Tag.VERBAL_NOUN);
    private static final int MAX_WORDS = 4;
    /** Words just before a phrase that make it a cause; English ones are matched after dropping "the", "a", "an". */
    private static final Set<String> CAUSE_BEFORE = Set.of("because of", "due to", "owing to", "thanks to", "caused by",
            "result of", "由于", "因为", "因");
    /** Words just after a phrase that make it a cause. */
    private static final Set<String> CAUSE_AFTER = Set.of("causes", "cause", "caused", "leads", "lead", "led",
            "triggers", "produces", "导致", "造成", "引起", "使得", "致使");
    private static final Set<String> ARTICLES = Set.of("the", "a", "an");
    private static final Set<String> SENTENCE_ENDS = Set.of(".", "!", "?", ";", "。", "！", "？", "；");
    /** A word a phrase may hold: letters or digits at both ends (the tokenizer leaves fragments such as "Large-"). */
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]([\\p{L}\\p{N}'’.-]*[\\p{L}\\p{N}])?");
    /** Longest Chinese phrase in characters: longer runs are mostly segmentation mistakes. */
    private static final int MAX_ZH_CHARS = 8;

    /**
     * A phrase as its words (English ones lower-cased unless a name), its kind, and "the" when the
     * text wrote an article before it ("What is the significance of the extra 50 minutes?"; "a cog"
     * becomes "the cog", which a question about the text means), else empty.
     */
    record Phrase(List<String> words, Kind kind, String article) {
        /** The phrase as a question names it. */
        String display(Language language) {
            String joined = String.join(language == Language.ZH ? "" : " ", words);
            return article.isEmpty() ? joined : article + " " + joined;
        }
    }

    private NounPhrases() {}

    /** The noun phrases of {@code words} in text order; a phrase found twice is listed twice. */
    static List<Phrase> of(List<Word> words, Language language) {
        Set<String> stopwords = Stopwords.of(language);
        List<Phrase> phrases = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= words.size(); i++) {
            boolean inPhrase = i < words.size() && IN_PHRASE.contains(words.get(i).tag())
                    && WORD.matcher(words.get(i).text()).matches()
                    && !stopwords.contains(words.get(i).text().toLowerCase(Locale.ROOT));
            if (!inPhrase) {
                close(words, start, i, language, phrases);
                start = i + 1;
            }
        }
        return phrases;
    }

    /** Keeps words[from, to) as a phrase once trimmed to end at its last noun and to at most four words. */
    private static void close(List<Word> words, int from, int to, Language language, List<Phrase> phrases) {
        int end = to;
        while (end > from && !HEAD.contains(words.get(end - 1).tag())) {
            end--;
        }
        int begin = Math.max(from, end - MAX_WORDS);
        if (begin == end) {
            return;
        }
        List<Word> run = words.subList(begin, end);
        String written = String.join("", run.stream().map(Word::text).toList());
        int chars = written.codePointCount(0, written.length());
        boolean badLength = chars < (language == Language.ZH ? 2 : 3) || (language == Language.ZH && chars > MAX_ZH_CHARS);
        if (badLength || written.chars().allMatch(Character::isDigit)) {
            return;
        }
        boolean article = begin > 0 && ARTICLES.contains(words.get(begin - 1).text().toLowerCase(Locale.ROOT));
        phrases.add(new Phrase(run.stream().map(w -> normalised(w, language)).toList(), kind(words, begin, end, language),
                article ? "the" : ""));
    }

    private static String normalised(Word word, Language language) {
        return language == Language.EN && word.tag() != Tag.PROPER_NOUN ? word.text().toLowerCase(Locale.ROOT) : word.text();
    }

    private static Kind kind(List<Word> words, int begin, int end, Language language) {
        List<Word> run = words.subList(begin, end);
        Tag head = run.get(run.size() - 1).tag();
        if (run.stream().anyMatch(w -> w.tag() == Tag.NUMBER)) {
            return Kind.QUANTITY;
        }
        if (head == Tag.PROPER_NOUN) {
            return Kind.NAME;
        }
        if (causeBefore(words, begin, language) || causeAfter(words, end)) {
            return Kind.CAUSE;
        }
        return head == Tag.VERBAL_NOUN ? Kind.PROCESS : Kind.TERM;
    }

    /** Whether a causal verb follows within three words, as in "X causes" or 发酵时间过长，导致…, inside the sentence. */
    private static boolean causeAfter(List<Word> words, int end) {
        for (int i = end; i < Math.min(words.size(), end + 3); i++) {
            String word = words.get(i).text().toLowerCase(Locale.ROOT);
            if (CAUSE_AFTER.contains(word)) {
                return true;
            }
            if (SENTENCE_ENDS.contains(word)) {
                return false;
            }
        }
        return false;
    }

    /** Whether the one or two words before {@code begin} (past an article) are a causal marker. */
    private static boolean causeBefore(List<Word> words, int begin, Language language) {
        int at = begin;
        if (at > 0 && ARTICLES.contains(words.get(at - 1).text().toLowerCase(Locale.ROOT))) {
            at--;
        }
        if (at > 0 && CAUSE_BEFORE.contains(words.get(at - 1).text())) {
            return true;
        }
        String separator = language == Language.ZH ? "" : " ";
        return at > 1 && CAUSE_BEFORE.contains(
                (words.get(at - 2).text() + separator + words.get(at - 1).text()).toLowerCase(Locale.ROOT));
    }
}
