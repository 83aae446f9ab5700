package io.augcon.core.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.api.Document;
import io.augcon.core.event.BadInput;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link CorpusReader#read(String, InputStream)}: one file a runner opened, named as a directory read names it. */
class CorpusReaderOpenedFileTest {
    @TempDir
    Path dir;

    @Test
    void aFileReadByNameGivesTheDocumentsTheDirectoryReadGivesForIt() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("en"));
        Files.writeString(sub.resolve("lines.jsonl"), "{\"text\": \"First line text.\"}\n\n{\"id\": 7, \"text\": \"Second.\","
                + " \"lang\": \"en-GB\"}\n", StandardCharsets.UTF_8);
        Files.writeString(sub.resolve("page.md"), "# A page\n\nSome words.", StandardCharsets.UTF_8);
        CorpusReader reader = CorpusReader.builder().build();

        List<Document> whole;
        try (Stream<Document> documents = reader.read(dir)) {
            whole = documents.toList();
        }
        List<Document> byName = new ArrayList<>();
        for (String name : List.of("en/lines.jsonl", "en/page.md")) {
            try (Stream<Document> documents = reader.read(name, Files.newInputStream(dir.resolve(name)))) {
                byName.addAll(documents.toList());
            }
        }

        assertThat(byName).isEqualTo(whole).extracting(Document::id).containsExactly("en/lines.jsonl:1", "7", "en/page.md");
    }

    @Test
    void badInputInTheStreamIsNamedAndSkipped() {
        List<BadInput> skipped = new ArrayList<>();
        byte[] bytes = "{\"text\": \"ok\"}\n{\"id\": \"x\"}\n".getBytes(StandardCharsets.UTF_8);
        CorpusReader reader = CorpusReader.builder().onBadInput(skipped::add).build();

        try (Stream<Document> documents = reader.read("a/b.jsonl", new ByteArrayInputStream(bytes))) {
            assertThat(documents.map(Document::id)).containsExactly("a/b.jsonl:1");
        }
        assertThat(skipped).extracting(BadInput::source).containsExactly("a/b.jsonl:2");
    }

    @Test
    void closingTheStreamClosesTheInput() {
        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream("Text.".getBytes(StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };

        CorpusReader.builder().build().read("t.txt", in).close();

        assertThat(closed[0]).isTrue();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({"a.txt, true", "dir/B.MD, true", "x/y/z.jsonl, true", ".hidden/a.txt, false", "a/.b.txt, false",
        "a.json, false", "a.parquet, false"})
    void corpusFileNamesAreThoseADirectoryReadTakes(String name, boolean taken) {
        assertThat(CorpusReader.isCorpusFile(name)).isEqualTo(taken);
    }

    @Test
    void aNameThatIsNotACorpusFileIsRefused() {
        assertThatThrownBy(() -> CorpusReader.builder().build().read("data.csv", InputStream.nullInputStream()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("data.csv: not a corpus file");
    }
}
