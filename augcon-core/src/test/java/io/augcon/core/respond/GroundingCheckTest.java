package io.augcon.core.respond;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.augcon.api.Language;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroundingCheckTest {
    private static final SeedExample NOISE = SeedExample.defaults(Language.EN).get(0);
    private static final SeedExample DEEP = SeedExample.defaults(Language.EN).get(4);
    private static final SeedExample PANDA = SeedExample.defaults(Language.ZH).get(0);

    @Test
    void everyBundledHumanAnswerClearsTheDefaultFloorInBothLanguages() {
        double lowest = 1;
        double highest = 0;
        for (Language language : Language.values()) {
            for (SeedExample example : SeedExample.defaults(language)) {
                double score = GroundingCheck.score(example.answer(), example.context(), language);
                assertThat(score).as(example.id()).isGreaterThan(ResponseConfig.DEFAULTS.groundingFloor());
                lowest = Math.min(lowest, score);
                highest = Math.max(highest, score);
            }
        }
        // The range the README and the default grounding floor quote: 0.62 to 1.00.
        assertThat(lowest).isCloseTo(0.62, within(0.005));
        assertThat(highest).isEqualTo(1.0);
    }

    @Test
    void anEnglishAnswerMadeOfWordsNotInTheContextScoresNearZero() {
        String offTopic = "Bananas ripen faster when stored beside apples, because apples release ethylene gas.";
        assertThat(GroundingCheck.score(offTopic, NOISE.context(), Language.EN)).isLessThan(0.1);
    }

    @Test
    void aTrueAnswerFromOutsideTheContextFallsBelowTheFloor() {
        // Correct in the world, but the context never mentions it: the fidelity step must not keep it.
        String outside = "Victor Vescovo reached the bottom alone in 2019 in the submersible Limiting Factor.";
        // Found: reached, bottom, submersible; not found: victor, vescovo, alone, 2019, limiting, factor.
        assertThat(GroundingCheck.score(outside, DEEP.context(), Language.EN)).isCloseTo(3.0 / 9, within(1e-9))
                .isLessThan(ResponseConfig.DEFAULTS.groundingFloor());
    }

    @Test
    void aChineseAnswerMadeOfWordsNotInTheContextScoresNearZero() {
        String offTopic = "火箭发射前要加注液氧和煤油，点火后发动机产生巨大的推力。";
        assertThat(GroundingCheck.score(offTopic, PANDA.context(), Language.ZH)).isLessThan(0.1);
        String outside = "大熊猫主要分布在四川、陕西和甘肃的山区。";
        assertThat(GroundingCheck.score(outside, PANDA.context(), Language.ZH))
                .isLessThan(ResponseConfig.DEFAULTS.groundingFloor());
    }

    @Test
    void sentencesCopiedFromTheContextScoreOne() {
        String copied = "A chip analyses it and plays a matching wave with the opposite phase through the speakers.";
        assertThat(GroundingCheck.score(copied, NOISE.context(), Language.EN)).isEqualTo(1.0);
        String chinese = "大熊猫每天要花十几个小时进食。";
        assertThat(GroundingCheck.score(chinese, PANDA.context(), Language.ZH)).isEqualTo(1.0);
    }

    @Test
    void pluralsPossessivesLongerFormsAndHyphensMatchTheirContextWords() {
        String context = "The low pitched hum of a cancelling chip.";
        assertThat(GroundingCheck.score("Chips cancel low-pitched hums.", context, Language.EN)).isEqualTo(1.0);
        assertThat(GroundingCheck.contentWords("Cameron's dives don't count", Language.EN))
                .containsExactly("cameron", "dive", "count");
    }

    @Test
    void stopwordsAndAnswerFramingAreNotContent() {
        assertThat(GroundingCheck.contentWords("Sorry, I don't have information about it.", Language.EN)).isEmpty();
        assertThat(GroundingCheck.score("It is not.", "Tea grows in hills.", Language.EN)).isEqualTo(1.0);
        List<String> words = GroundingCheck.contentWords("抱歉，目前没有关于游泳馆水深的信息。", Language.ZH);
        assertThat(words).doesNotContain("抱歉", "目前", "信息").contains("游泳馆");
    }

    @Test
    void theScoreIsTheShareOfContentWordsFound() {
        // content words: chip (found), plays (found), violin (not found), music (not found)
        assertThat(GroundingCheck.score("The chip plays violin music.", NOISE.context(), Language.EN)).isCloseTo(0.5, within(1e-9));
    }
}
