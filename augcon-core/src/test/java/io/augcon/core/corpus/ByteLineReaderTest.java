package io.augcon.core.corpus;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ByteLineReaderTest {

    static List<String> lines(ByteLineReader reader) throws IOException {
        List<String> lines = new ArrayList<>();
        while (reader.next()) {
            lines.add(reader.overflowed() ? "<overflow>" : new String(reader.bytes(), 0, reader.length(), UTF_8));
        }
        return lines;
    }

    static ByteLineReader over(String text, int maxLineBytes) {
        return new ByteLineReader(new ByteArrayInputStream(text.getBytes(UTF_8)), maxLineBytes);
    }

    @Test
    void splitsOnLineFeedAndDropsCarriageReturns() throws IOException {
        assertThat(lines(over("a\r\nb\n\nc", 100))).containsExactly("a", "b", "", "c");
    }

    @Test
    void finalLineFeedDoesNotAddAnEmptyLine() throws IOException {
        assertThat(lines(over("a\nb\n", 100))).containsExactly("a", "b");
    }

    @Test
    void lineOverTheLimitIsFlaggedAndTheNextLineIsReadIntact() throws IOException {
        assertThat(lines(over("x".repeat(50) + "\nshort\n", 10))).containsExactly("<overflow>", "short");
    }
}
