package io.augcon.core.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.api.Language;
import io.augcon.api.RootContext;
import org.junit.jupiter.api.Test;

class QuotaTest {

    private static RootContext root(String text, Language language) {
        return new RootContext("d#0", "d", 0, 0, 0, text.length(), text, language);
    }

    @Test
    void oneFloorPairPer35Characters() {
        Quota quota = Quota.perChars(35);
        assertThat(quota.pairsFor(root("x".repeat(500), Language.ZH))).isEqualTo(14);
        assertThat(quota.pairsFor(root("x".repeat(70), Language.ZH))).isEqualTo(2);
        assertThat(quota.pairsFor(root("x".repeat(69), Language.ZH))).isEqualTo(1);
        assertThat(quota.pairsFor(root("x".repeat(34), Language.ZH))).isZero();
    }

    @Test
    void perWordQuotaCountsWords() {
        String text = "one two three four five six seven eight nine ten eleven twelve.";
        assertThat(Quota.perWords(4).pairsFor(root(text, Language.EN))).isEqualTo(3);
    }

    @Test
    void perSentenceQuotaCountsSentences() {
        String text = "First one here. Second one there. Third one, at last.";
        assertThat(Quota.perSentences(1).pairsFor(root(text, Language.EN))).isEqualTo(3);
    }

    @Test
    void candidateTargetRoundsTheOversampledQuotaUp() {
        assertThat(Quota.candidateTarget(14, 1.15)).isEqualTo(17);
        assertThat(Quota.candidateTarget(20, 1.15)).isEqualTo(23);
        assertThat(Quota.candidateTarget(0, 1.15)).isZero();
        assertThat(Quota.candidateTarget(3, 1.0)).isEqualTo(3);
    }

    @Test
    void aNonPositiveRateIsRejectedNamingTheUnit() {
        assertThatThrownBy(() -> Quota.perChars(0)).hasMessageContaining("chars per pair");
    }
}
