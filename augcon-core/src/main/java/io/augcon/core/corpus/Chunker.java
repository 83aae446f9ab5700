package io.augcon.core.corpus;

import io.augcon.api.Language;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Cuts a document into root contexts: Step 0 of the method.
 *
 * <p>The root's length is the upper bound of question granularity (a longer root gives more
 * global questions), so chunks are packed as full as the limit allows; but a cut inside a
 * sentence or across paragraphs would give the LLM a context that does not read as one piece, so
 * chunks hold whole sentences of one paragraph. Paragraphs of {@code minParagraphChars} or fewer
 * are dropped, as in the reference: they are mostly titles, captions and boilerplate. How
 * paragraphs are found in hard-wrapped or markdown files, and how a sentence longer than the
 * limit is cut, is described on {@link #chunk}.
 *
 * <pre>{@code
 * Chunker chunker = new Chunker(500, 100);
 * for (Chunk c : chunker.chunk(doc.text(), LanguageDetector.detect(doc.text()))) {
 *     System.out.println(c.start() + ".." + c.end() + ": " + c.text());
 * }
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Chunker {

    private final int maxChunkChars;
    private final int minParagraphChars;

    /** A chunker with the method's settings ({@link CorpusConfig#DEFAULTS}: 500 and 100). */
    public Chunker() {
        this(CorpusConfig.DEFAULTS);
    }

    /** A chunker with the limits of {@code corpus}, both in {@code char}s of normalised text. */
    public Chunker(CorpusConfig corpus) {
        this.maxChunkChars = corpus.maxChunkChars();
        this.minParagraphChars = corpus.minParagraphChars();
    }

    /**
     * A chunker with custom limits, both in {@code char}s of normalised text.
     *
     * @param maxChunkChars     the most characters in a chunk; positive
     * @param minParagraphChars paragraphs this long or shorter are dropped; zero keeps all
     * @throws IllegalArgumentException naming the parameter when a limit is out of range
     */
    public Chunker(int maxChunkChars, int minParagraphChars) {
        this(CorpusConfig.DEFAULTS.withMaxChunkChars(maxChunkChars).withMinParagraphChars(minParagraphChars));
    }

    /**
     * The root contexts of one document, in document order.
     *
     * <p>Paragraphs: a blank line ends one; a line break inside a block of lines joins the lines
     * unless the first line ends a sentence (and was not merely wrapped by an editor) or the next
     * starts a list item. Markdown headings, tables, rules and fenced code blocks are dropped.
     * Each paragraph is normalised (a line break and the indentation around it become one space,
     * or nothing beside Chinese characters) and dropped if then {@code minParagraphChars} long
     * or shorter. Its sentences, found with {@code language}'s rules, are packed greedily into
     * chunks of at most {@code maxChunkChars}; a longer sentence is cut at clause marks
     * (，；：、 , ; : — " - "), and a longer clause at the limit (for English, at the last
     * whitespace before it).
     *
     * @param documentText the document's full text
     * @param language     the sentence rules to use, e.g. from {@link LanguageDetector#detect}
     * @return chunks whose {@link Chunk#text} is at most {@code maxChunkChars} long and whose
     *     {@code [start, end)} are offsets in {@code documentText}
     */
    public List<Chunk> chunk(String documentText, Language language) {
        return chunked(documentText, language).chunks();
    }

    /**
     * What {@link #chunk} makes of one document, with the paragraphs it dropped as too short
     * counted, so a caller can say what was left out.
     *
     * @param documentText the document's full text
     * @param language     the sentence rules to use
     * @return the chunks of {@link #chunk} and the short paragraphs dropped on the way
     */
    public Chunked chunked(String documentText, Language language) {
        Objects.requireNonNull(documentText, "documentText");
        Objects.requireNonNull(language, "language");
        SpanPacker packer = new SpanPacker(maxChunkChars, language);
        List<Chunk> chunks = new ArrayList<>();
        int shortParagraphs = 0;
        long shortChars = 0;
        ParagraphFinder.Found found = ParagraphFinder.find(documentText, language);
        for (TextSpan paragraph : found.paragraphs()) {
            NormalizedText normal = NormalizedText.of(documentText, paragraph);
            if (normal.text().length() <= minParagraphChars) {
                if (!normal.text().isEmpty()) {
                    shortParagraphs++;
                    shortChars += normal.text().length();
                }
                continue;
            }
            List<TextSpan> sentences = SentenceSplitter.sentences(normal.text(), language);
            for (TextSpan piece : packer.pack(normal.text(), sentences)) {
                TextSpan source = normal.toSource(piece);
                chunks.add(new Chunk(source.start(), source.end(), piece.of(normal.text())));
            }
        }
        return new Chunked(chunks, shortParagraphs, shortChars, found.markupLines(), found.markupChars());
    }

    /**
     * One document's chunks and what was dropped on the way.
     *
     * @param chunks              the chunks, in document order
     * @param shortParagraphs     paragraphs dropped as {@code minParagraphChars} long or shorter
     *                            (a paragraph with no character left after normalising is not one)
     * @param shortParagraphChars their normalised characters
     * @param markupLines         non-blank lines that are not prose and were left out: markdown
     *                            headings, table rows, rules, code fences and the code between them
     * @param markupChars         their characters, without the whitespace around each line
     */
    public record Chunked(List<Chunk> chunks, int shortParagraphs, long shortParagraphChars, int markupLines,
            long markupChars) {
        /** The chunks are copied; the counts are not negative. */
        public Chunked {
            chunks = List.copyOf(chunks);
            if (shortParagraphs < 0 || shortParagraphChars < 0 || markupLines < 0 || markupChars < 0) {
                throw new IllegalArgumentException("the counts must be >= 0, were " + shortParagraphs + ", "
                        + shortParagraphChars + ", " + markupLines + " and " + markupChars);
            }
        }

        /** Chunks without markup counted (the shape before markup was counted). */
        public Chunked(List<Chunk> chunks, int shortParagraphs, long shortParagraphChars) {
            this(chunks, shortParagraphs, shortParagraphChars, 0, 0);
        }
    }
}
