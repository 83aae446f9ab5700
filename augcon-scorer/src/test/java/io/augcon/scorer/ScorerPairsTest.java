package io.augcon.scorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.core.scoring.QueryPair;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScorerPairsTest {
    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        Path file = dir.resolve("pairs.jsonl");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void readsPairsSkippingBlankLinesAndIgnoringOtherFields() throws IOException {
        Path file = file("{\"context\":\"潮汐每天涨落两次。\",\"positive\":\"为什么有两次潮汐？\",\"negative\":\"这是什么？\",\"kind\":\"generic\"}\r\n"
                + "\n"
                + "  \n"
                + "{\"negative\":\"n\",\"positive\":\"p\",\"context\":\"c\"}");
        assertThat(ScorerPairs.read(file)).containsExactly(
                new QueryPair("潮汐每天涨落两次。", "为什么有两次潮汐？", "这是什么？", "user"),
                new QueryPair("c", "p", "n", "user"));
    }

    @Test
    void writeThenReadGivesTheSamePairs() throws IOException {
        List<QueryPair> pairs = List.of(new QueryPair("a \"quoted\"\nline", "b?", "c", "user"), new QueryPair("中文", "问？", "答", "user"));
        Path file = dir.resolve("out.jsonl");
        ScorerPairs.write(file, pairs);
        assertThat(ScorerPairs.read(file)).isEqualTo(pairs);
    }

    @Test
    void invalidJsonNamesFileAndLine() throws IOException {
        Path file = file("{\"context\":\"c\",\"positive\":\"p\",\"negative\":\"n\"}\n\n{\"context\": oops}\n");
        assertThatThrownBy(() -> ScorerPairs.read(file))
                .isInstanceOf(BadPairsException.class)
                .hasMessageStartingWith(file + ":3: not valid JSON")
                .satisfies(e -> assertThat(((BadPairsException) e).line()).isEqualTo(3));
    }

    @Test
    void missingFieldIsNamed() throws IOException {
        Path file = file("{\"context\":\"c\",\"positive\":\"p\"}\n");
        assertThatThrownBy(() -> ScorerPairs.read(file)).isInstanceOf(BadPairsException.class)
                .hasMessage(file + ":1: missing \"negative\"");
    }

    @Test
    void nonStringBlankAndEqualFieldsAreRejected() throws IOException {
        Path number = file("{\"context\":\"c\",\"positive\":3,\"negative\":\"n\"}");
        assertThatThrownBy(() -> ScorerPairs.read(number)).hasMessage(number + ":1: \"positive\" must be a string, was number");
        Path blank = file("{\"context\":\"  \",\"positive\":\"p\",\"negative\":\"n\"}");
        assertThatThrownBy(() -> ScorerPairs.read(blank)).hasMessage(blank + ":1: \"context\" is blank");
        Path same = file("{\"context\":\"c\",\"positive\":\"q\",\"negative\":\"q\"}");
        assertThatThrownBy(() -> ScorerPairs.read(same)).hasMessageContaining(":1: \"positive\" and \"negative\" are the same");
        Path array = file("[1,2]");
        assertThatThrownBy(() -> ScorerPairs.read(array)).hasMessageContaining(":1: expected a JSON object");
    }

    @Test
    void invalidUtf8IsReportedWithItsLine() throws IOException {
        Path file = dir.resolve("bad.jsonl");
        byte[] good = "{\"context\":\"c\",\"positive\":\"p\",\"negative\":\"n\"}\n".getBytes(StandardCharsets.UTF_8);
        byte[] bad = {'{', '"', 'c', (byte) 0xC3, '"', '}'};
        byte[] all = new byte[good.length + bad.length];
        System.arraycopy(good, 0, all, 0, good.length);
        System.arraycopy(bad, 0, all, good.length, bad.length);
        Files.write(file, all);
        assertThatThrownBy(() -> ScorerPairs.read(file)).isInstanceOf(BadPairsException.class)
                .hasMessage(file + ":2: not valid UTF-8");
    }

    @Test
    void aFileWithoutPairsIsAnError() throws IOException {
        Path file = file("\n \n");
        assertThatThrownBy(() -> ScorerPairs.read(file)).isInstanceOf(BadPairsException.class)
                .hasMessage(file + ": no pairs in the file");
    }
}
