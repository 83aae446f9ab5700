package io.augcon.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.augcon.api.Language;
import java.util.List;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class RougeLTest {

    private static final Offset<Double> EPS = within(1e-12);

    @Test
    void englishScoreMatchesHandComputedLcs() {
        // candidate: the cat sat on the mat  (6 tokens)
        // reference: the cat lay on a mat    (6 tokens)
        // LCS: the cat on mat = 4 -> P = 4/6, R = 4/6, F = 4/6
        RougeScore s = RougeL.score(
                Tokenizer.tokens("The cat sat on the mat.", Language.EN),
                Tokenizer.tokens("the cat lay on a mat", Language.EN));
        assertThat(s.precision()).isCloseTo(4.0 / 6, EPS);
        assertThat(s.recall()).isCloseTo(4.0 / 6, EPS);
        assertThat(s.fMeasure()).isCloseTo(4.0 / 6, EPS);
    }

    @Test
    void englishScoreWithUnequalLengths() {
        // candidate: how do large cells adapt            (5 tokens)
        // reference: how do cells adapt to their size    (7 tokens)
        // LCS: how do cells adapt = 4 -> P = 4/5, R = 4/7, F = 2PR/(P+R) = 2/3
        RougeScore s = RougeL.score(
                Tokenizer.tokens("How do large cells adapt?", Language.EN),
                Tokenizer.tokens("How do cells adapt to their size?", Language.EN));
        assertThat(s.precision()).isCloseTo(0.8, EPS);
        assertThat(s.recall()).isCloseTo(4.0 / 7, EPS);
        assertThat(s.fMeasure()).isCloseTo(2.0 / 3, EPS);
    }

    @Test
    void chineseScoreMatchesHandComputedLcs() {
        // candidate: 大型 细胞 如何 适应 体积 增长 带来 的 挑战   (9 tokens)
        // reference: 大 细胞 如何 应对 体积 增长 的 挑战         (8 tokens)
        // LCS: 细胞 如何 体积 增长 的 挑战 = 6 -> P = 6/9, R = 6/8, F = 12/17
        List<String> candidate = Tokenizer.tokens("大型细胞如何适应体积增长带来的挑战？", Language.ZH);
        List<String> reference = Tokenizer.tokens("大细胞如何应对体积增长的挑战？", Language.ZH);
        assertThat(candidate).containsExactly("大型", "细胞", "如何", "适应", "体积", "增长", "带来",
                "的", "挑战");
        assertThat(reference).containsExactly("大", "细胞", "如何", "应对", "体积", "增长", "的", "挑战");
        RougeScore s = RougeL.score(candidate, reference);
        assertThat(s.precision()).isCloseTo(6.0 / 9, EPS);
        assertThat(s.recall()).isCloseTo(6.0 / 8, EPS);
        assertThat(s.fMeasure()).isCloseTo(12.0 / 17, EPS);
    }

    @Test
    void repeatedTokensCountOnlyInOrder() {
        // candidate: a a a b   reference: b a   LCS: "a" (or "b") = 1 -> P = 1/4, R = 1/2
        RougeScore s = RougeL.score(List.of("a", "a", "a", "b"), List.of("b", "a"));
        assertThat(s.precision()).isCloseTo(0.25, EPS);
        assertThat(s.recall()).isCloseTo(0.5, EPS);
        assertThat(s.fMeasure()).isCloseTo(1.0 / 3, EPS);
    }

    @Test
    void identicalSequencesScoreOne() {
        List<String> q = List.of("what", "is", "rouge");
        assertThat(RougeL.score(q, q)).isEqualTo(new RougeScore(1, 1, 1));
    }

    @Test
    void disjointOrEmptySequencesScoreZero() {
        assertThat(RougeL.score(List.of("a", "b"), List.of("c"))).isEqualTo(RougeScore.ZERO);
        assertThat(RougeL.score(List.of(), List.of("c"))).isEqualTo(RougeScore.ZERO);
        assertThat(RougeL.score(List.of("a"), List.of())).isEqualTo(RougeScore.ZERO);
        assertThat(RougeL.score(new int[0], new int[0])).isEqualTo(RougeScore.ZERO);
    }

    @Test
    void lcsOfTheTextbookExampleIsFour() {
        // ABCBDAB vs BDCABA: LCS "BCBA" (one of several) = 4
        int[] a = {'A', 'B', 'C', 'B', 'D', 'A', 'B'};
        int[] b = {'B', 'D', 'C', 'A', 'B', 'A'};
        assertThat(RougeL.lcsLength(a, b)).isEqualTo(4);
        assertThat(RougeL.lcsLength(b, a)).isEqualTo(4);
    }

    @Test
    void oneRowLcsAgreesWithTheFullTableOnRandomSequences() {
        Random random = new Random(42);
        for (int round = 0; round < 500; round++) {
            int[] a = randomSequence(random);
            int[] b = randomSequence(random);
            assertThat(RougeL.lcsLength(a, b)).as("round %d", round).isEqualTo(fullTableLcs(a, b));
        }
    }

    @Test
    void stringAndIdPathsAgree() {
        List<String> c = Tokenizer.tokens("What does the paper say about ROUGE-L precision?", Language.EN);
        List<String> r = Tokenizer.tokens("What is ROUGE-L precision in the paper?", Language.EN);
        TokenIds vocabulary = new TokenIds();
        assertThat(RougeL.score(vocabulary.ids(c), vocabulary.ids(r))).isEqualTo(RougeL.score(c, r));
    }

    @Test
    void measureReadsTheMatchingComponent() {
        RougeScore s = new RougeScore(0.1, 0.2, 0.3);
        assertThat(RougeMeasure.PRECISION.of(s)).isEqualTo(0.1);
        assertThat(RougeMeasure.RECALL.of(s)).isEqualTo(0.2);
        assertThat(RougeMeasure.F_MEASURE.of(s)).isEqualTo(0.3);
    }

    private static int[] randomSequence(Random random) {
        int[] s = new int[random.nextInt(25)];
        for (int i = 0; i < s.length; i++) {
            s[i] = random.nextInt(6);
        }
        return s;
    }

    private static int fullTableLcs(int[] a, int[] b) {
        int[][] t = new int[a.length + 1][b.length + 1];
        for (int i = 1; i <= a.length; i++) {
            for (int j = 1; j <= b.length; j++) {
                t[i][j] = a[i - 1] == b[j - 1] ? t[i - 1][j - 1] + 1 : Math.max(t[i - 1][j], t[i][j - 1]);
            }
        }
        return t[a.length][b.length];
    }
}
