package io.augcon.scorer.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddingModelEncoderTest {
    private static EmbeddingModelEncoder encoder;

    @BeforeAll
    static void load() {
        encoder = EmbeddingModelEncoder.bgeSmallZh();
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    @Test
    void vectorsAreUnitLengthAndOfOneDimension() {
        float[][] v = encoder.encode(List.of("Tides rise twice a day.", "潮汐每天涨落两次。"));
        assertThat(v).hasNumberOfRows(2);
        assertThat(v[0].length).isEqualTo(512).isEqualTo(v[1].length);
        assertThat(dot(v[0], v[0])).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void relatedChineseSentencesAreCloserThanUnrelatedOnes() {
        float[][] v = encoder.encode(List.of("月球的引力引起了海洋的潮汐。", "潮汐主要是由月亮的引力造成的。", "绿茶在采摘后需要高温杀青。"));
        assertThat(dot(v[0], v[1])).isGreaterThan(dot(v[0], v[2]) + 0.1);
    }

    @Test
    void englishIsLowerCasedSoCaseDoesNotChangeTheVector() {
        float[][] v = encoder.encode(List.of("THE MOON PULLS THE OCEAN", "the moon pulls the ocean"));
        assertThat(dot(v[0], v[1])).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void blankTextsGetZeroVectorsWithoutCallingTheModel() {
        float[][] v = encoder.encode(List.of("  ", "Tides."));
        assertThat(dot(v[0], v[0])).isZero();
        assertThat(v[0].length).isEqualTo(v[1].length);
    }
}
