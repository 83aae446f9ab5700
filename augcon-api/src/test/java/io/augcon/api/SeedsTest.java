package io.augcon.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeedsTest {

    @Test
    void sameBaseAndPartsGiveTheSameSeed() {
        assertThat(Seeds.derive(7, "doc#0", "tree", "0", "node", "12"))
                .isEqualTo(Seeds.derive(7, "doc#0", "tree", "0", "node", "12"));
    }

    @Test
    void everyPartAndTheBaseChangeTheSeed() {
        long seed = Seeds.derive(7, "doc#0", "tree", "0", "node", "12");
        assertThat(Seeds.derive(8, "doc#0", "tree", "0", "node", "12")).isNotEqualTo(seed);
        assertThat(Seeds.derive(7, "doc#1", "tree", "0", "node", "12")).isNotEqualTo(seed);
        assertThat(Seeds.derive(7, "doc#0", "tree", "1", "node", "12")).isNotEqualTo(seed);
        assertThat(Seeds.derive(7, "doc#0", "tree", "0", "node", "21")).isNotEqualTo(seed);
    }

    @Test
    void partBoundariesMatter() {
        assertThat(Seeds.derive(0, "ab", "c")).isNotEqualTo(Seeds.derive(0, "a", "bc"));
    }

    @Test
    void seedsStayBelowTwoToTheThirtyOneAndRarelyCollide() {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            long seed = Seeds.derive(42, "node", Integer.toString(i));
            assertThat(seed).isBetween(0L, Seeds.MAX_SEED);
            seen.add(seed);
        }
        assertThat(seen).hasSizeGreaterThan(9_990);
    }
}
