package io.augcon.core.corpus;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.api.Document;
import io.augcon.api.Language;
import io.augcon.core.event.BadInput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class CorpusReaderTest {

    @TempDir
    Path root;

    final List<BadInput> bad = new ArrayList<>();
    final CorpusReader lenient = CorpusReader.builder().onBadInput(bad::add).build();
    final CorpusReader strict = CorpusReader.builder().strict(true).onBadInput(bad::add).build();

    Path write(String relativePath, String content) throws IOException {
        return write(relativePath, content.getBytes(UTF_8));
    }

    Path write(String relativePath, byte[] content) throws IOException {
        Path file = root.resolve(relativePath);
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }

    static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String s) {
                out.writeBytes(s.getBytes(UTF_8));
            } else {
                out.write((Integer) part);
            }
        }
        return out.toByteArray();
    }

    List<Document> readAll(CorpusReader reader, Path input) throws IOException {
        try (Stream<Document> documents = reader.read(input)) {
            return documents.toList();
        }
    }

    List<String> ids(Path input) throws IOException {
        return readAll(lenient, input).stream().map(Document::id).toList();
    }

    @Test
    void readsADirectoryRecursivelyInRelativePathOrder() throws IOException {
        write("b.txt", "bee");
        write("a/z.md", "zed");
        write("a/b/c.txt", "cee");
        write("a.txt", "ay");

        assertThat(ids(root)).containsExactly("a.txt", "a/b/c.txt", "a/z.md", "b.txt");
    }

    @Test
    void skipsHiddenFilesAndDirectories() throws IOException {
        write("visible.txt", "yes");
        write(".hidden.txt", "no");
        write(".git/inside.txt", "no");

        assertThat(ids(root)).containsExactly("visible.txt");
    }

    @Test
    void ignoresFilesOfOtherTypesWithoutReportingThem() throws IOException {
        write("doc.txt", "yes");
        write("data.json", "{}");
        write("image.png", bytes(0x89, "PNG", 0xFF));

        assertThat(ids(root)).containsExactly("doc.txt");
        assertThat(bad).isEmpty();
    }

    @Test
    void recognisesExtensionsInAnyCase() throws IOException {
        write("A.TXT", "one");
        write("b.Md", "two");
        write("c.JSONL", "{\"text\":\"three\"}\n");

        assertThat(ids(root)).containsExactly("A.TXT", "b.Md", "c.JSONL:1");
    }

    @Test
    void textFileIsOneDocumentWithItsRelativePathAsIdAndSource() throws IOException {
        write("docs/guide.md", "# Guide\n\nSome text.\n");

        Document document = readAll(lenient, root).get(0);

        assertThat(document).isEqualTo(new Document("docs/guide.md", "# Guide\n\nSome text.\n", "docs/guide.md", null));
    }

    @Test
    void fileGivenDirectlyIsNamedByItsFileName() throws IOException {
        Path file = write("deep/dir/notes.txt", "hello");

        assertThat(ids(file)).containsExactly("notes.txt");
    }

    @Test
    void jsonlTakesTextThenArticleThenContext() throws IOException {
        write("c.jsonl", """
                {"text": "T1", "article": "A1", "context": "C1"}
                {"article": "A2", "context": "C2"}
                {"context": "C3"}
                {"text": null, "article": "A4"}
                """);

        assertThat(readAll(lenient, root)).extracting(Document::text).containsExactly("T1", "A2", "C3", "A4");
    }

    @Test
    void jsonlIdComesFromTheIdFieldOrElseFileAndLine() throws IOException {
        write("c.jsonl", """
                {"id": "doc-7", "text": "a"}
                {"id": 42, "text": "b"}
                {"text": "c"}
                """);

        assertThat(ids(root)).containsExactly("doc-7", "42", "c.jsonl:3");
    }

    @Test
    void jsonlSourceIsFileAndLineEvenWithAnIdField() throws IOException {
        write("sub/c.jsonl", "{\"id\": \"x\", \"text\": \"a\"}\n");

        assertThat(readAll(lenient, root).get(0).source()).isEqualTo("sub/c.jsonl:1");
    }

    @Test
    void jsonlLanguageFieldDeclaresEnglishOrChineseOnly() throws IOException {
        write("c.jsonl", """
                {"text": "a", "language": "zh"}
                {"text": "b", "lang": "EN"}
                {"text": "c", "language": "zh-CN"}
                {"text": "d", "language": "fr"}
                {"text": "e"}
                """);

        assertThat(readAll(lenient, root)).extracting(Document::language)
                .containsExactly(Language.ZH, Language.EN, Language.ZH, null, null);
    }

    @Test
    void blankLinesAreSkippedButStillCounted() throws IOException {
        write("c.jsonl", "\n{\"text\": \"a\"}\n   \n{\"text\": \"b\"}");

        assertThat(ids(root)).containsExactly("c.jsonl:2", "c.jsonl:4");
        assertThat(bad).isEmpty();
    }

    @Test
    void crlfLineEndingsAreAccepted() throws IOException {
        write("c.jsonl", "{\"text\": \"a\"}\r\n{\"text\": \"b\"}\r\n");

        assertThat(readAll(lenient, root)).extracting(Document::text).containsExactly("a", "b");
    }

    @Test
    void lineLongerThanTheReadBufferIsReadWhole() throws IOException {
        String longText = "长".repeat(200_000);
        write("c.jsonl", "{\"text\": \"" + longText + "\"}\n{\"text\": \"next\"}\n");

        assertThat(readAll(lenient, root)).extracting(Document::text).containsExactly(longText, "next");
    }

    @Test
    void leadingByteOrderMarkIsDropped() throws IOException {
        write("a.txt", "\uFEFFplain");
        write("b.jsonl", "\uFEFF{\"text\": \"json\"}\n");

        assertThat(readAll(lenient, root)).extracting(Document::text).containsExactly("plain", "json");
        assertThat(bad).isEmpty();
    }

    @Test
    void invalidUtf8OnOneJsonlLineSkipsOnlyThatLine() throws IOException {
        write("c.jsonl", bytes("{\"text\": \"one\"}\n{\"text\": \"t", 0xC3, 0x28, "o\"}\n{\"text\": \"three\"}\n"));

        assertThat(readAll(lenient, root)).extracting(Document::text).containsExactly("one", "three");
        assertThat(bad).singleElement().satisfies(b -> {
            assertThat(b.source()).isEqualTo("c.jsonl:2");
            assertThat(b.reason()).isEqualTo("invalid UTF-8 at byte 11");
        });
    }

    @Test
    void invalidUtf8InATextFileIsBadInput() throws IOException {
        write("a.txt", bytes("caf", 0xE9, " au lait"));
        write("b.txt", "fine");

        assertThat(ids(root)).containsExactly("b.txt");
        assertThat(bad).containsExactly(new BadInput("a.txt", "invalid UTF-8 at byte 3"));
    }

    @Test
    void emptyTextFileIsBadInput() throws IOException {
        write("empty.txt", "");

        assertThat(ids(root)).isEmpty();
        assertThat(bad).containsExactly(new BadInput("empty.txt", "empty file"));
    }

    @Test
    void whitespaceOnlyTextFileIsBadInput() throws IOException {
        write("blank.md", " \n\t\n");

        assertThat(ids(root)).isEmpty();
        assertThat(bad).containsExactly(new BadInput("blank.md", "empty file"));
    }

    @Test
    void lineWithoutATextFieldIsBadInput() throws IOException {
        write("c.jsonl", "{\"id\": 1, \"body\": \"x\"}\n");

        assertThat(ids(root)).isEmpty();
        assertThat(bad).singleElement().satisfies(b -> {
            assertThat(b.source()).isEqualTo("c.jsonl:1");
            assertThat(b.reason()).startsWith("field 'text' missing");
        });
    }

    @Test
    void nonStringTextFieldIsBadInput() throws IOException {
        write("c.jsonl", "{\"text\": 12}\n");

        assertThat(ids(root)).isEmpty();
        assertThat(bad).containsExactly(new BadInput("c.jsonl:1", "field 'text' is not a string"));
    }

    @Test
    void blankTextFieldIsBadInput() throws IOException {
        write("c.jsonl", "{\"article\": \"  \"}\n");

        assertThat(ids(root)).isEmpty();
        assertThat(bad).containsExactly(new BadInput("c.jsonl:1", "field 'article' is blank"));
    }

    @Test
    void idOfAnotherTypeIsBadInput() throws IOException {
        write("c.jsonl", "{\"id\": [1], \"text\": \"a\"}\n");

        assertThat(ids(root)).isEmpty();
        assertThat(bad).containsExactly(new BadInput("c.jsonl:1", "field 'id' is not a string or number"));
    }

    @Test
    void lineThatDoesNotParseIsBadInputWithJacksonsShortMessage() throws IOException {
        write("c.jsonl", "{\"text\": \"a\",}\n");

        assertThat(ids(root)).isEmpty();
        assertThat(bad).singleElement().satisfies(b -> {
            assertThat(b.reason()).startsWith("line does not parse as JSON: ");
            assertThat(b.reason()).doesNotContain("\n").contains("column");
        });
    }

    @Test
    void trailingContentAfterTheObjectIsBadInput() throws IOException {
        write("c.jsonl", "{\"text\": \"a\"} {\"text\": \"b\"}\n");

        assertThat(ids(root)).isEmpty();
        assertThat(bad).singleElement().extracting(BadInput::reason).asString()
                .startsWith("line does not parse as JSON: ");
    }

    @Test
    void lineThatIsNotAnObjectIsBadInput() throws IOException {
        write("c.jsonl", "[\"text\", \"a\"]\n");

        assertThat(ids(root)).isEmpty();
        assertThat(bad).containsExactly(new BadInput("c.jsonl:1", "line is a JSON array, expected an object"));
    }

    @Test
    void duplicateIdIsBadInputAndTheFirstDocumentIsKept() throws IOException {
        write("a.jsonl", "{\"id\": \"x\", \"text\": \"first\"}\n");
        write("b.jsonl", "{\"id\": \"x\", \"text\": \"second\"}\n");

        assertThat(readAll(lenient, root)).extracting(Document::text).containsExactly("first");
        assertThat(bad).containsExactly(new BadInput("b.jsonl:1", "duplicate document id 'x'"));
    }

    @Test
    void strictModeThrowsAtTheFirstBadInputAfterTheGoodDocumentsBeforeIt() throws IOException {
        write("c.jsonl", "{\"text\": \"good\"}\n{\"body\": 1}\nnot json\n");
        List<String> seen = new ArrayList<>();

        try (Stream<Document> documents = strict.read(root)) {
            assertThatThrownBy(() -> documents.forEach(d -> seen.add(d.text())))
                    .isInstanceOf(BadInputException.class)
                    .satisfies(e -> assertThat(((BadInputException) e).badInput().source()).isEqualTo("c.jsonl:2"));
        }
        assertThat(seen).containsExactly("good");
    }

    @Test
    void strictModeDoesNotReportToTheConsumer() throws IOException {
        write("empty.txt", "");

        try (Stream<Document> documents = strict.read(root)) {
            assertThatThrownBy(documents::toList).isInstanceOf(BadInputException.class);
        }
        assertThat(bad).isEmpty();
    }

    @Test
    void badInputExceptionMessageIsSourceAndReason() {
        BadInputException e = new BadInputException(new BadInput("docs/a.jsonl:12", "field 'text' missing"));

        assertThat(e).hasMessage("docs/a.jsonl:12: field 'text' missing");
    }

    @Test
    void missingInputThrowsNoSuchFileExceptionNamingThePath() {
        Path missing = root.resolve("nowhere");

        assertThatThrownBy(() -> lenient.read(missing))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void unsupportedFileGivenDirectlyIsRejected() throws IOException {
        Path file = write("data.csv", "a,b\n");

        assertThatThrownBy(() -> lenient.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("data.csv");
    }

    @Test
    void laterLinesAreNotParsedBeforeTheyAreNeeded() throws IOException {
        write("c.jsonl", "{\"text\": \"first\"}\nnot json at all\n");

        try (Stream<Document> documents = strict.read(root)) {
            assertThat(documents.findFirst()).map(Document::text).contains("first");
        }
    }

    @Test
    void laterFilesAreNotOpenedBeforeTheyAreNeeded() throws IOException {
        write("a.txt", "first");
        write("b.txt", "");

        try (Stream<Document> documents = strict.read(root)) {
            Iterator<Document> iterator = documents.iterator();
            assertThat(iterator.next().id()).isEqualTo("a.txt");
        }
    }

    @Test
    @Timeout(10)
    void firstDocumentOfAFourGigabyteFileArrivesWithoutReadingTheRest() throws IOException {
        Path file = write("huge.jsonl", "{\"text\": \"first\"}\n");
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(4L << 30);
        }

        Optional<Document> first;
        try (Stream<Document> documents = strict.read(file)) {
            first = documents.findFirst();
        }
        assertThat(first).map(Document::text).contains("first");
    }

    @Test
    void iteratingAfterTheStreamIsClosedFails() throws IOException {
        write("c.jsonl", "{\"text\": \"a\"}\n{\"text\": \"b\"}\n");
        Stream<Document> documents = lenient.read(root);
        Iterator<Document> iterator = documents.iterator();
        iterator.next();

        documents.close();

        assertThatThrownBy(iterator::hasNext).isInstanceOf(IllegalStateException.class);
    }
}
