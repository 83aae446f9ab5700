package io.augcon.core.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.augcon.api.Language;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChildFaithfulnessTest {
    private static final String PARENT = "The Moon pulls the ocean toward it. The Sun adds a smaller pull of its own.";

    @Test
    void eachChildIsScoredAgainstTheParentInItsOrder() {
        double[] p = ChildFaithfulness.precisions(PARENT, List.of(
                "The Sun adds a smaller pull of its own.",
                "Dragons pull the ocean with invisible ropes."), Language.EN);

        assertThat(p[0]).isEqualTo(1.0);
        // Of seven words only "the ocean" comes from the parent ("pulls" is not "pull").
        assertThat(p[1]).isCloseTo(2.0 / 7, within(1e-9));
    }

    @Test
    void chineseChildrenAreComparedWordByWord() {
        double[] p = ChildFaithfulness.precisions("绿茶不经过发酵，采摘后很快用高温杀青。红茶则要经过充分的氧化。",
                List.of("红茶则要经过充分的氧化。"), Language.ZH);

        assertThat(p).containsExactly(1.0);
    }
}
