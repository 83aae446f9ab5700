package io.augcon.scorer.tagger;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.api.Language;
import io.augcon.core.offline.PartOfSpeechTagger;
import io.augcon.core.offline.PartOfSpeechTagger.Tag;
import io.augcon.core.offline.PartOfSpeechTagger.Word;
import java.util.List;
import org.junit.jupiter.api.Test;

class BundledTaggerTest {
    private final BundledTagger tagger = new BundledTagger();

    private static Tag tagOf(List<Word> words, String text) {
        return words.stream().filter(w -> w.text().equals(text)).findFirst().orElseThrow().tag();
    }

    @Test
    void englishVerbsNounsNamesAndNumbersAreTold() {
        List<Word> words = tagger.tag("In London the fermentation takes little force and the extra 50 minutes come here.", Language.EN);
        assertThat(tagOf(words, "London")).isEqualTo(Tag.PROPER_NOUN);
        assertThat(tagOf(words, "fermentation")).isEqualTo(Tag.VERBAL_NOUN);
        assertThat(tagOf(words, "takes")).isEqualTo(Tag.VERB);
        assertThat(tagOf(words, "force")).isEqualTo(Tag.NOUN);
        assertThat(tagOf(words, "50")).isEqualTo(Tag.NUMBER);
        assertThat(tagOf(words, "come")).isEqualTo(Tag.VERB);
        assertThat(words.get(words.size() - 1)).isEqualTo(new Word(".", Tag.OTHER));
    }

    @Test
    void aVerbAfterANounIsAVerbNotAPluralNoun() {
        List<Word> words = tagger.tag("It takes up the slack when the chain moves to a smaller cog.", Language.EN);
        assertThat(tagOf(words, "moves")).isEqualTo(Tag.VERB);
        assertThat(tagOf(words, "cog")).isEqualTo(Tag.NOUN);
    }

    @Test
    void chineseVerbalNounsAndQuantifiersAreTold() {
        List<Word> words = tagger.tag("由于发酵时间过长，茶叶的品质下降了，不少茶农每天喝三杯绿茶。", Language.ZH);
        assertThat(tagOf(words, "茶叶")).isEqualTo(Tag.NOUN);
        assertThat(tagOf(words, "下降")).isEqualTo(Tag.VERB);
        assertThat(tagOf(words, "，")).isEqualTo(Tag.OTHER);
        assertThat(tagOf(words, "不少")).as("a quantifier without a numeral names no quantity").isEqualTo(Tag.OTHER);
    }

    @Test
    void theOfflineModeFindsItOnTheClassPath() {
        assertThat(PartOfSpeechTagger.onClassPath()).isInstanceOf(BundledTagger.class);
    }
}
