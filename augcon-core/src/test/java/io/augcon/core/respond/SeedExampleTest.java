package io.augcon.core.respond;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.api.Language;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedExampleTest {
    private static final String CATS = "{\"context\":\"Cats sleep a lot.\",\"question\":\"Do cats sleep?\",\"answer\":\"Yes, a lot.\"}";
    private static final String DOGS = "{\"context\":\"Dogs bark.\",\"question\":\"Do dogs bark?\",\"answer\":\"Yes.\"}";

    @TempDir
    Path dir;

    @Test
    void anExampleWithoutAnIdIsNamedByItsContentSoReorderingTheFileKeepsIt() throws Exception {
        Path first = dir.resolve("a.jsonl");
        Path second = dir.resolve("b.jsonl");
        Files.writeString(first, CATS + "\n" + DOGS + "\n");
        Files.writeString(second, DOGS + "\n\n" + CATS + "\n");
        List<SeedExample> a = SeedExample.readJsonl(first);
        List<SeedExample> b = SeedExample.readJsonl(second);
        assertThat(a.get(0).id()).startsWith("seed-").isEqualTo(b.get(1).id());
        assertThat(a.get(1).id()).isEqualTo(b.get(0).id()).isNotEqualTo(a.get(0).id());
    }

    @Test
    void aRepeatedIdIsRejectedWithItsLine() throws Exception {
        Path file = dir.resolve("seeds.jsonl");
        Files.writeString(file, CATS + "\n" + CATS + "\n");
        assertThatThrownBy(() -> SeedExample.readJsonl(file)).hasMessageContaining("line 2 of " + file).hasMessageContaining("repeats");
        SeedExample one = new SeedExample("x", "a", "b", "c");
        assertThatThrownBy(() -> SeedExample.requireDistinctIds(List.of(one, one))).hasMessageContaining("'x' appears twice");
    }

    @Test
    void examplesAreSortedByLanguageAndALanguageWithoutAnyKeepsTheBundledOnes() {
        SeedExample english = new SeedExample("mine", "Cats sleep a lot.", "Do cats sleep?", "Yes.");
        assertThat(SeedExample.forLanguage(List.of(english), Language.EN)).containsExactly(english);
        assertThat(SeedExample.forLanguage(List.of(english), Language.ZH)).isEqualTo(SeedExample.defaults(Language.ZH));
        assertThat(SeedExample.defaults(Language.ZH)).hasSizeBetween(5, 10);
    }
}
