package io.augcon.core.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.api.Language;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChunkerTest {

    /** English sentences of varying length, none with abbreviations. */
    static String englishSentences(int count, int seed) {
        return IntStream.range(0, count)
                .mapToObj(i -> "Sentence " + (seed + i) + " says" + " more".repeat((i * 7 + seed) % 11) + " here.")
                .collect(Collectors.joining(" "));
    }

    /** Greedy word wrap at {@code width} columns, as an editor's hard wrap does. */
    static String wrap(String paragraph, int width) {
        StringBuilder out = new StringBuilder();
        int lineLength = 0;
        for (String word : paragraph.split(" ")) {
            if (lineLength > 0 && lineLength + 1 + word.length() > width) {
                out.append('\n');
                lineLength = 0;
            } else if (lineLength > 0) {
                out.append(' ');
                lineLength++;
            }
            out.append(word);
            lineLength += word.length();
        }
        return out.toString();
    }

    static List<String> texts(List<Chunk> chunks) {
        return chunks.stream().map(Chunk::text).toList();
    }

    @Test
    void rejectsNonPositiveMaxChunkCharsNamingTheParameter() {
        assertThatThrownBy(() -> new Chunker(0, 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxChunkChars");
    }

    @Test
    void rejectsNegativeMinParagraphCharsNamingTheParameter() {
        assertThatThrownBy(() -> new Chunker(500, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minParagraphChars");
    }

    @Test
    void dropsParagraphsOfAtMostMinParagraphChars() {
        String hundred = "A".repeat(99) + ".";
        String hundredAndOne = "B".repeat(100) + ".";
        List<Chunk> chunks = new Chunker(500, 100).chunk(hundred + "\n\n" + hundredAndOne, Language.EN);

        assertThat(texts(chunks)).containsExactly(hundredAndOne);
    }

    @Test
    void countsTheParagraphsItDropsAndTheirNormalisedCharacters() {
        // A wrapped paragraph of 60 + 1 + 30 characters once its line break is one space; then 100 exactly.
        String wrapped = "C".repeat(60) + "\n" + "c".repeat(29) + ".";
        String hundred = "A".repeat(99) + ".";
        String kept = "B".repeat(100) + ".";
        Chunker.Chunked chunked = new Chunker(500, 100).chunked(wrapped + "\n\n" + hundred + "\n\n" + kept, Language.EN);

        assertThat(texts(chunked.chunks())).containsExactly(kept);
        assertThat(chunked.shortParagraphs()).isEqualTo(2);
        assertThat(chunked.shortParagraphChars()).isEqualTo(91 + 100);
    }

    @Test
    void packedChunksNeverExceedTheLimit() {
        String doc = englishSentences(200, 3);
        List<Chunk> chunks = new Chunker(150, 0).chunk(doc, Language.EN);

        assertThat(chunks).hasSizeGreaterThan(10).allSatisfy(c -> assertThat(c.text().length()).isLessThanOrEqualTo(150));
    }

    @Test
    void packsAsManyWholeSentencesAsFit() {
        String sentence = "x".repeat(38) + ".";
        String doc = String.join(" ", sentence, sentence, sentence, sentence, sentence);
        List<Chunk> chunks = new Chunker(100, 0).chunk(doc, Language.EN);

        assertThat(texts(chunks)).containsExactly(sentence + " " + sentence, sentence + " " + sentence, sentence);
    }

    @Test
    void chunkSpansMapBackToTheDocumentExactly() {
        String doc = "  " + wrap(englishSentences(30, 1), 70).replace("\n", "\n    ") + "\n\n"
                + wrap(englishSentences(12, 9), 60).replace("\n", "\r\n") + "\n";
        List<Chunk> chunks = new Chunker(200, 0).chunk(doc, Language.EN);

        assertThat(chunks).isNotEmpty().allSatisfy(c -> {
            String raw = doc.substring(c.start(), c.end());
            assertThat(raw).isEqualTo(raw.strip());
            assertThat(raw.replaceAll("[ \\t]*\\R[ \\t]*", " ")).isEqualTo(c.text());
        });
    }

    @Test
    void everyCharacterOfAKeptParagraphIsInExactlyOneChunk() {
        String doc = englishSentences(40, 2) + "\n\n" + "这是一个很长的句子，".repeat(30) + "结束。";
        List<Chunk> chunks = new Chunker(120, 0).chunk(doc, LanguageDetector.detect(doc));

        String covered = chunks.stream().map(c -> doc.substring(c.start(), c.end())).collect(Collectors.joining());
        assertThat(covered.replaceAll("\\s", "")).isEqualTo(doc.replaceAll("\\s", ""));
    }

    @Test
    void chunksNeverCrossParagraphs() {
        String first = englishSentences(3, 1);
        String second = englishSentences(3, 50);
        List<Chunk> chunks = new Chunker(2000, 0).chunk(first + "\n\n" + second, Language.EN);

        assertThat(texts(chunks)).containsExactly(first, second);
    }

    @Test
    void joinsHardWrappedEnglishLinesIntoOneParagraph() {
        String paragraph = englishSentences(15, 4);
        List<Chunk> chunks = new Chunker(5000, 100).chunk(wrap(paragraph, 72), Language.EN);

        assertThat(texts(chunks)).containsExactly(paragraph);
    }

    @Test
    void wrappedLineThatHappensToEndASentenceIsStillJoined() {
        String doc = """
                The committee met on a cold morning to review the annual budget plan.
                Afterwards it approved the spending for the new library after a long
                discussion about costs, staffing and the opening hours people asked for.""";
        List<Chunk> chunks = new Chunker(5000, 100).chunk(doc, Language.EN);

        assertThat(chunks).hasSize(1);
        assertThat(chunks.get(0).text()).startsWith("The committee").endsWith("asked for.");
    }

    @Test
    void shortLastLineOfAWrappedParagraphEndsIt() {
        String doc = """
                The committee met on a cold morning to review the annual budget and the
                plan for the next year.
                It approved the spending for the new library after a long discussion
                about costs, staffing and the opening hours residents had asked for.""";
        List<Chunk> chunks = new Chunker(5000, 50).chunk(doc, Language.EN);

        assertThat(texts(chunks)).hasSize(2);
        assertThat(chunks.get(1).text()).startsWith("It approved");
    }

    @Test
    void englishParagraphPerLineWithoutWrappingStaysSeparate() {
        String first = "This paragraph is written on a single line and ends with a period, as plain exports do. "
                + "It is long enough to keep.";
        String second = "A second paragraph follows on the next line, without a blank line between them at all. "
                + "It is kept too.";
        List<Chunk> chunks = new Chunker(5000, 100).chunk(first + "\n" + second, Language.EN);

        assertThat(texts(chunks)).containsExactly(first, second);
    }

    @Test
    void keepsChineseOneParagraphPerLineSeparate() {
        String first = "第一段讲述了这座城市的历史，".repeat(8) + "到此为止。";
        String second = "第二段介绍了当地的饮食文化，".repeat(8) + "内容丰富。";
        List<Chunk> chunks = new Chunker(500, 100).chunk(first + "\n" + second + "\n", Language.ZH);

        assertThat(texts(chunks)).containsExactly(first, second);
    }

    @Test
    void joinsAWrappedChineseLineWithoutASpace() {
        String doc = "这座城市有着悠久的历史和丰富的文化遗产，每年吸引大量游客前来参观，\n    尤其是春天的时候，"
                + "公园里开满了鲜花，街道两旁的树木也变得郁郁葱葱，人们纷纷走出家门享受美好的时光，到处都是欢声笑语。";
        List<Chunk> chunks = new Chunker(500, 50).chunk(doc, Language.ZH);

        assertThat(chunks).hasSize(1);
        assertThat(chunks.get(0).text()).contains("参观，尤其是").doesNotContain(" ");
    }

    @Test
    void lineBreakBetweenLatinWordsInChineseTextBecomesASpace() {
        String doc = "我们的构建工具链包括了很多组件，其中最重要的是 Apache\nMaven 和 Java 编译器，"
                + "它们共同完成编译、测试、打包和发布的全部流程，这使得开发者可以专注于业务逻辑本身。";
        List<Chunk> chunks = new Chunker(500, 50).chunk(doc, Language.ZH);

        assertThat(chunks.get(0).text()).contains("Apache Maven");
    }

    @Test
    void dropsMarkdownHeadingsTablesRulesAndCodeBlocks() {
        String prose = englishSentences(4, 7);
        String doc = "# A heading long enough to pass the paragraph floor if it were treated as prose text\n"
                + prose + "\n"
                + "| a table row that is long enough to pass the paragraph floor if it were kept, too |\n"
                + "```java\n" + englishSentences(4, 70) + "\n\n" + englishSentences(4, 80) + "\n```\n"
                + "---\n";
        List<Chunk> chunks = new Chunker(5000, 100).chunk(doc, Language.EN);

        assertThat(texts(chunks)).containsExactly(prose);
    }

    @Test
    void listItemsStartNewParagraphsWithoutTheirMarker() {
        String first = "the first item explains how the installer copies files into the target directory and why";
        String second = "the second item explains how the updater replaces those files later on without downtime";
        List<Chunk> chunks = new Chunker(5000, 50).chunk("- " + first + "\n- " + second + "\n", Language.EN);

        assertThat(texts(chunks)).containsExactly(first, second);
    }

    @Test
    void yearOpeningAWrappedLineIsNotAListItem() {
        String doc = """
                The company was founded by two engineers who met at university in
                1998. It now employs several hundred people in three countries and
                keeps growing.""";
        List<Chunk> chunks = new Chunker(5000, 50).chunk(doc, Language.EN);

        assertThat(chunks).hasSize(1);
    }

    @Test
    void cutsAnOverlongSentenceAtClauseMarks() {
        String clause = "这是一个用来测试切分的分句内容";
        String sentence = (clause + "，").repeat(12) + clause + "。";
        List<Chunk> chunks = new Chunker(100, 0).chunk(sentence, Language.ZH);

        assertThat(chunks).hasSizeGreaterThan(1).allSatisfy(c -> {
            assertThat(c.text().length()).isLessThanOrEqualTo(100);
            assertThat(c.text()).matches(".*[，。]");
        });
        assertThat(String.join("", texts(chunks))).isEqualTo(sentence);
    }

    @Test
    void cutsAnOverlongEnglishClauseAtTheLastWhitespace() {
        String clause = IntStream.range(0, 60).mapToObj(i -> "word" + i).collect(Collectors.joining(" ")) + ".";
        List<Chunk> chunks = new Chunker(100, 0).chunk(clause, Language.EN);

        assertThat(chunks).hasSizeGreaterThan(2)
                .allSatisfy(c -> assertThat(c.text().length()).isLessThanOrEqualTo(100));
        assertThat(String.join(" ", texts(chunks))).isEqualTo(clause);
    }

    @Test
    void cutsAnOverlongChineseClauseHardAtTheLimit() {
        String clause = "字".repeat(250);
        List<Chunk> chunks = new Chunker(100, 0).chunk(clause, Language.ZH);

        assertThat(chunks).extracting(c -> c.text().length()).containsExactly(100, 100, 50);
    }

    @Test
    void hardCutNeverSplitsASurrogatePair() {
        String clause = "\uD840\uDC00".repeat(60);
        List<Chunk> chunks = new Chunker(101, 0).chunk(clause, Language.ZH);

        assertThat(chunks).allSatisfy(c -> assertThat(Character.isHighSurrogate(c.text().charAt(c.text().length() - 1))).isFalse());
    }

    @Test
    void aSentenceAfterAnOverlongOneStartsAFreshChunk() {
        String longSentence = "one, two, three, " + "x".repeat(90) + ".";
        List<Chunk> chunks = new Chunker(100, 0).chunk(longSentence + " Short one.", Language.EN);

        assertThat(texts(chunks)).endsWith("Short one.");
    }

    @Test
    void emptyDocumentHasNoChunks() {
        assertThat(new Chunker().chunk("", Language.EN)).isEmpty();
    }

    @Test
    void defaultsAreTheMethodsSettings() {
        String paragraph = englishSentences(30, 1);
        List<Chunk> chunks = new Chunker().chunk(paragraph + "\n\n" + "x".repeat(99) + ".", Language.EN);

        assertThat(chunks).allSatisfy(c -> assertThat(c.text().length()).isLessThanOrEqualTo(500));
        assertThat(new ArrayList<>(texts(chunks))).noneMatch(t -> t.startsWith("xxx"));
    }
}
