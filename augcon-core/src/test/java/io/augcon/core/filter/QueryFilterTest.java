package io.augcon.core.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.augcon.api.Language;
import io.augcon.core.filter.QueryFilter.Drop;
import io.augcon.core.filter.QueryFilter.Selection;
import io.augcon.core.text.RougeMeasure;
import io.augcon.core.text.TokenIds;
import io.augcon.core.text.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryFilterTest {

    private static final QueryFilter PAPER = new QueryFilter(0.7, RougeMeasure.PRECISION);

    @Test
    void dropsANearDuplicateOfABetterRankedQuery() {
        // q1 (6 tokens) is a subsequence of q0: LCS 6, precision 6/6 = 1.0
        Selection s = PAPER.select(List.of(
                "How do large cells get enough nutrients?",
                "How do large cells get nutrients?",
                "Where are microvilli found?"), Language.EN, 10);
        assertThat(s.kept()).containsExactly(0, 2);
        assertThat(s.dropped()).containsExactly(new Drop(1, 0, 1.0));
    }

    @Test
    void stopsAtTheQuotaAndLeavesTheRestUnexamined() {
        Selection s = PAPER.select(List.of(
                "What is a cell?", "What is a cell?", "Why do cells divide?",
                "Where are microvilli?", "Who found nuclei?"), Language.EN, 2);
        assertThat(s.kept()).containsExactly(0, 2);
        assertThat(s.dropped()).extracting(Drop::index).containsExactly(1);
    }

    @Test
    void zeroQuotaExaminesNothing() {
        Selection s = PAPER.select(List.of("a", "a"), Language.EN, 0);
        assertThat(s.kept()).isEmpty();
        assertThat(s.dropped()).isEmpty();
    }

    @Test
    void aScoreEqualToTheThresholdIsADuplicateOfTheFirstKeptQueryItMeets() {
        // q2 = "a b c d e f" against q0 "a b c": LCS 3, precision 3/6 = 0.5, and the same
        // against q1 "d e f"; q0 is checked first.
        QueryFilter filter = new QueryFilter(0.5, RougeMeasure.PRECISION);
        Selection s = filter.select(List.of("a b c", "d e f", "a b c d e f"), Language.EN, 10);
        assertThat(s.kept()).containsExactly(0, 1);
        assertThat(s.dropped()).containsExactly(new Drop(2, 0, 0.5));
    }

    @Test
    void precisionDropsAShortQueryInsideAKeptLongOneButFMeasureKeepsIt() {
        // candidate "how do cells grow" (4) vs kept "how do cells grow and divide in the body" (9):
        // LCS 4 -> precision 4/4 = 1.0, recall 4/9, F = 8/13 ~ 0.615
        List<String> ranked = List.of("How do cells grow and divide in the body?", "How do cells grow?");
        assertThat(PAPER.select(ranked, Language.EN, 5).kept()).containsExactly(0);
        QueryFilter reference = new QueryFilter(0.7, RougeMeasure.F_MEASURE);
        assertThat(reference.select(ranked, Language.EN, 5).kept()).containsExactly(0, 1);
    }

    @Test
    void chineseQueriesAreComparedOnJiebaWords() {
        // q1 大 细胞 如何 应对 体积 增长 的 挑战 (8) vs q0 大型 细胞 如何 适应 体积 增长 带来 的 挑战:
        // LCS 细胞 如何 体积 增长 的 挑战 = 6 -> precision 6/8 = 0.75 >= 0.7
        Selection s = PAPER.select(List.of(
                "大型细胞如何适应体积增长带来的挑战？",
                "大细胞如何应对体积增长的挑战？",
                "微绒毛分布在人体的哪个部位？"), Language.ZH, 3);
        assertThat(s.kept()).containsExactly(0, 2);
        assertThat(s.dropped()).containsExactly(new Drop(1, 0, 0.75));
    }

    @Test
    void preTokenizedQueriesGiveTheSameSelection() {
        List<String> ranked = List.of("What is a cell?", "What is a big cell?", "What is a cell",
                "Why do cells divide?", "Why do cells divide so often?");
        TokenIds vocabulary = new TokenIds();
        List<int[]> ids = new ArrayList<>();
        for (String q : ranked) {
            ids.add(Tokenizer.ids(q, Language.EN, vocabulary));
        }
        assertThat(PAPER.selectTokenized(ids, 3)).isEqualTo(PAPER.select(ranked, Language.EN, 3));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -0.1, 1.0000001, Double.NaN})
    void rejectsAThresholdOutsideZeroToOne(double threshold) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new QueryFilter(threshold, RougeMeasure.PRECISION))
                .withMessageContaining("(0, 1]");
    }

    @Test
    void acceptsAThresholdOfOne() {
        Selection s = new QueryFilter(1.0, RougeMeasure.F_MEASURE)
                .select(List.of("what is x", "what is x", "what is x now"), Language.EN, 5);
        assertThat(s.kept()).containsExactly(0, 2);
    }

    @Test
    void rejectsANegativeQuota() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PAPER.select(List.of("a"), Language.EN, -1))
                .withMessageContaining("quota");
    }
}
