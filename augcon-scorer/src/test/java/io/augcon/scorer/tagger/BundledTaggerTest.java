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

    @Test
    void englishVerbsNounsNamesAndNumbersAreTold() {
        List<Word> words = tagger.tag("In London the fermentation takes little force and the extra 50 minutes come here.", Language.EN);
        assertThat(words).contains(new Word("London", Tag.PROPER_NOUN), new Word("fermentation", Tag.VERBAL_NOUN),
                new Word("takes", Tag.VERB), new Word("force", Tag.NOUN), new Word("50", Tag.NUMBER), new Word("come", Tag.VERB));
        assertThat(words.get(words.size() - 1)).isEqualTo(new Word(".", Tag.OTHER));
    }

    @Test
    void aVerbAfterANounIsAVerbNotAPluralNoun() {
        List<Word> words = tagger.tag("It takes up the slack when the chain moves to a smaller cog.", Language.EN);
        assertThat(words).contains(new Word("moves", Tag.VERB), new Word("cog", Tag.NOUN));
    }

    @Test
    void chineseVerbalNounsAndQuantifiersAreTold() {
        List<Word> words = tagger.tag("由于发酵时间过长，茶叶的品质下降了，不少茶农每天喝三杯绿茶。", Language.ZH);
        assertThat(words).contains(new Word("茶叶", Tag.NOUN), new Word("下降", Tag.VERB), new Word("，", Tag.OTHER));
        assertThat(words).as("a quantifier without a numeral names no quantity").contains(new Word("不少", Tag.OTHER));
    }

    @Test
    void theOfflineModeFindsItOnTheClassPath() {
        assertThat(PartOfSpeechTagger.onClassPath()).isInstanceOf(BundledTagger.class);
    }
}
