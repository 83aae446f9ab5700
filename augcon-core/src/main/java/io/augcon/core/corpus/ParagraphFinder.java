package io.augcon.core.corpus;

import io.augcon.api.Language;
import io.augcon.core.corpus.MarkdownLine.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the prose paragraphs of a document.
 *
 * <p>The reference treats every line as a paragraph, which suits Chinese corpora (one paragraph
 * per line) but would shred hard-wrapped .txt and .md files into 72-column pieces that the
 * 100-character floor then drops. Here a blank line always ends a paragraph, and inside a block
 * of consecutive lines a line break is a paragraph break only when the line before it ends a
 * sentence or the next line starts a list item. Headings, tables, rules and fenced code are
 * never prose; they separate paragraphs and are dropped.
 *
 * <p>One refinement: in a block that is visibly hard-wrapped (lines up to {@value #MAX_WRAP_WIDTH}
 * columns, some long line running on without a sentence end), a line that happens to end a
 * sentence is still joined to the next when the next line's first word would not have fitted on
 * it: the writer's editor wrapped there, not the writer. This is the usual test for telling
 * wrapped lines from intended breaks.
 */
final class ParagraphFinder {

    /** Hard wrapping happens at 72 to 100 columns; longer lines are paragraphs written unwrapped. */
    static final int MAX_WRAP_WIDTH = 120;

    private ParagraphFinder() {
    }

    /** The paragraphs of {@code text}, as spans from the first to the last prose character. */
    static List<TextSpan> paragraphs(String text, Language language) {
        return find(text, language).paragraphs();
    }

    /** The paragraphs of {@code text} and the markup lines left out between them. */
    static Found find(String text, Language language) {
        List<TextSpan> paragraphs = new ArrayList<>();
        List<MarkdownLine> block = new ArrayList<>();
        char fence = 0;
        int markupLines = 0;
        long markupChars = 0;
        int lineStart = 0;
        while (lineStart < text.length()) {
            int lineEnd = lineEnd(text, lineStart);
            MarkdownLine line = MarkdownLine.classify(text, lineStart, lineEnd);
            if (fence != 0 || line.kind().isSeparator()) {
                splitBlock(text, block, language, paragraphs);
                block.clear();
                fence = nextFence(text, line, fence);
                if (line.kind() != Kind.BLANK) {
                    markupLines++;
                    markupChars += line.length();
                }
            } else {
                block.add(line);
            }
            lineStart = nextLineStart(text, lineEnd);
        }
        splitBlock(text, block, language, paragraphs);
        return new Found(paragraphs, markupLines, markupChars);
    }

    /**
     * A document's paragraphs and what was not prose.
     *
     * @param paragraphs  the prose paragraphs, in document order
     * @param markupLines non-blank lines left out: headings, table rows, rules, code fences and the
     *                    code between them
     * @param markupChars their characters, leading and trailing whitespace excluded
     */
    record Found(List<TextSpan> paragraphs, int markupLines, long markupChars) {
    }

    /** The fence state after {@code line}: code runs until a fence of the same character. */
    private static char nextFence(String text, MarkdownLine line, char fence) {
        if (line.kind() != Kind.FENCE) {
            return fence;
        }
        char mark = text.charAt(line.start());
        if (fence == 0) {
            return mark;
        }
        return mark == fence ? 0 : fence;
    }

    private static void splitBlock(String text, List<MarkdownLine> block, Language language, List<TextSpan> out) {
        if (block.isEmpty()) {
            return;
        }
        int width = block.stream().mapToInt(MarkdownLine::length).max().orElse(0);
        boolean[] sentenceEnds = new boolean[block.size()];
        for (int k = 0; k < block.size(); k++) {
            sentenceEnds[k] = SentenceSplitter.endsSentenceAt(text, block.get(k).end(), language);
        }
        boolean wrapped = isHardWrapped(block, sentenceEnds, width);
        int first = 0;
        for (int k = 0; k + 1 < block.size(); k++) {
            MarkdownLine line = block.get(k);
            MarkdownLine next = block.get(k + 1);
            boolean editorWrapped = wrapped && !nextWordFits(text, line, next, width);
            if (startsItem(next, block.get(first)) || (sentenceEnds[k] && !editorWrapped)) {
                out.add(new TextSpan(block.get(first).textStart(), line.end()));
                first = k + 1;
            }
        }
        out.add(new TextSpan(block.get(first).textStart(), block.get(block.size() - 1).end()));
    }

    /**
     * A list item starts a paragraph; an ordered one only when it is item 1 or follows another
     * item, as in CommonMark, since "1998. The year..." can open a wrapped line of prose.
     */
    private static boolean startsItem(MarkdownLine next, MarkdownLine paragraphStart) {
        return next.kind() == Kind.BULLET_ITEM
                || (next.kind() == Kind.ORDERED_ITEM
                        && (next.number() == 1 || paragraphStart.kind() != Kind.TEXT));
    }

    /** Some line of at least two thirds of the width runs on without a sentence end. */
    private static boolean isHardWrapped(List<MarkdownLine> block, boolean[] sentenceEnds, int width) {
        if (width > MAX_WRAP_WIDTH) {
            return false;
        }
        for (int k = 0; k + 1 < block.size(); k++) {
            if (block.get(k).length() * 3 >= width * 2 && !sentenceEnds[k]) {
                return true;
            }
        }
        return false;
    }

    private static boolean nextWordFits(String text, MarkdownLine line, MarkdownLine next, int width) {
        int wordEnd = next.start();
        if (Cjk.isWide(text.codePointAt(wordEnd))) {
            return line.length() + 1 <= width;
        }
        while (wordEnd < next.end() && !Character.isWhitespace(text.charAt(wordEnd))
                && !Cjk.isWide(text.charAt(wordEnd))) {
            wordEnd++;
        }
        return line.length() + 1 + (wordEnd - next.start()) <= width;
    }

    private static int lineEnd(String text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
            i++;
        }
        return i;
    }

    private static int nextLineStart(String text, int lineEnd) {
        if (lineEnd < text.length() && text.charAt(lineEnd) == '\r'
                && lineEnd + 1 < text.length() && text.charAt(lineEnd + 1) == '\n') {
            return lineEnd + 2;
        }
        return lineEnd + 1;
    }
}
