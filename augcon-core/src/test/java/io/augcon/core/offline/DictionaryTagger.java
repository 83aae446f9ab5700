package io.augcon.core.offline;

import io.augcon.api.Language;
import io.augcon.core.text.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A test tagger that looks each word up in a given table (absent words are OTHER): the tags are the test's to choose. */
final class DictionaryTagger implements PartOfSpeechTagger {
    private static final Pattern ENGLISH_WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'-]*|\\S");
    /** Chinese runs between punctuation (segmented with jieba), and each punctuation mark, as a tagger keeps them. */
    private static final Pattern CHINESE_RUN = Pattern.compile("[\\p{L}\\p{N}]+|\\S");

    private final Map<String, Tag> tags;

    DictionaryTagger(Map<String, Tag> tags) {
        this.tags = tags;
    }

    @Override
    public List<Word> tag(String text, Language language) {
        List<String> tokens = new ArrayList<>();
        Matcher m = (language == Language.ZH ? CHINESE_RUN : ENGLISH_WORD).matcher(text);
        while (m.find()) {
            boolean chineseRun = language == Language.ZH && Character.isLetterOrDigit(m.group().codePointAt(0));
            tokens.addAll(chineseRun ? Tokenizer.tokens(m.group(), Language.ZH) : List.of(m.group()));
        }
        return tokens.stream().map(t -> new Word(t, tags.getOrDefault(t.toLowerCase(Locale.ROOT), Tag.OTHER))).toList();
    }

    @Override
    public String id() {
        return "dictionary";
    }
}
