package io.augcon.core.filter;

import static org.assertj.core.api.Assertions.assertThat;
import io.augcon.core.event.NearDuplicate;

import io.augcon.api.Language;
import io.augcon.api.SftRecord;
import io.augcon.core.internal.run.CrossRootDedup;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CrossRootDedupTest {

    private static SftRecord record(String id, String root, String query) {
        return new SftRecord(id, query, "an answer", "a context", "doc", root, 0, null, Language.EN, 0, 10,
                "test", Map.of());
    }

    @Test
    void theFirstOccurrenceStaysAndALaterRootsNearDuplicateIsRefused() {
        CrossRootDedup dedup = new CrossRootDedup(MinHashIndex.builder().build());
        assertThat(dedup.check(record("a1", "doc#0", "How do large cells get enough nutrients?"))).isNull();
        assertThat(dedup.check(record("a2", "doc#0", "How do large cells get nutrients?"))).as("same root").isNull();
        NearDuplicate duplicate = dedup.check(record("b1", "doc#1", "how do large cells get enough nutrients"));
        assertThat(duplicate).isEqualTo(new NearDuplicate("a1", "doc#0", 1.0));
        assertThat(dedup.check(record("b2", "doc#1", "Where are microvilli found?"))).isNull();
    }

    @Test
    void aRefusedQueryIsNotRemembered() {
        CrossRootDedup dedup = new CrossRootDedup(MinHashIndex.builder().build());
        dedup.check(record("a", "r0", "What pulls the ocean toward the Moon?"));
        assertThat(dedup.check(record("b", "r1", "What pulls the ocean toward the Moon?"))).isNotNull();
        // c repeats b's query, which was refused: it is a duplicate of a, not of b
        assertThat(dedup.check(record("c", "r2", "What pulls the ocean toward the Moon?")).duplicateOfId()).isEqualTo("a");
    }
}
