package io.augcon.core.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SeenIdsTest {

    @Test
    void secondAddOfAnIdReportsADuplicate() {
        SeenIds ids = new SeenIds();

        assertThat(ids.add("doc-1")).isTrue();
        assertThat(ids.add("doc-1")).isFalse();
    }

    @Test
    void manyDistinctIdsAreAllNewAcrossGrowth() {
        SeenIds ids = new SeenIds();

        assertThat(IntStream.range(0, 100_000).allMatch(i -> ids.add("corpus.jsonl:" + i))).isTrue();
        assertThat(ids.add("corpus.jsonl:99999")).isFalse();
    }
}
