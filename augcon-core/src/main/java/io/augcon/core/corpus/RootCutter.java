package io.augcon.core.corpus;

import io.augcon.api.Document;
import io.augcon.api.Language;
import io.augcon.api.RootContext;
import io.augcon.core.event.InputDropped;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Turns a document into its root contexts: picks the document's language (the run's, else the
 * document's declared one, else detected from the text), cuts it with a {@link Chunker} and numbers
 * the roots ({@code documentId#index}, in corpus order from a given sequence). The run and the
 * dry-run estimate both cut through it, so they count the same roots.
 *
 * <pre>{@code
 * RootCutter cutter = new RootCutter(new Chunker(500, 100), null);
 * List<RootContext> roots = cutter.cut(Document.of("tides", text), 0);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class RootCutter {
    private final Chunker chunker;
    private final Language language;

    /**
     * @param chunker  cuts the text
     * @param language the language of every document, or {@code null} to take each document's
     *                 declared language, else the detected one
     */
    public RootCutter(Chunker chunker, Language language) {
        this.chunker = Objects.requireNonNull(chunker, "chunker");
        this.language = language;
    }

    /** The language {@code document} is cut and asked about in. */
    public Language languageOf(Document document) {
        if (language != null) {
            return language;
        }
        return document.declaredLanguage().orElseGet(() -> LanguageDetector.detect(document.text()));
    }

    /** The roots of {@code document} in {@link #languageOf its language}, numbered from {@code firstSequence}. */
    public List<RootContext> cut(Document document, long firstSequence) {
        return cut(document, languageOf(document), firstSequence);
    }

    /** The roots of {@code document} in {@code language}, numbered in corpus order from {@code firstSequence}. */
    public List<RootContext> cut(Document document, Language language, long firstSequence) {
        return cut(document, language, firstSequence, dropped -> { });
    }

    /**
     * The roots of {@code document} in {@code language}, numbered in corpus order from {@code
     * firstSequence}, telling {@code dropped} what was left out: the markup lines, then the short
     * paragraphs (one event for each kind, for all of the document's), then the document itself
     * when it gave no root.
     */
    public List<RootContext> cut(Document document, Language language, long firstSequence,
            Consumer<InputDropped> dropped) {
        Chunker.Chunked chunked = chunker.chunked(document.text(), language);
        if (chunked.markupLines() > 0) {
            dropped.accept(new InputDropped(document.id(), InputDropped.Reason.MARKUP, chunked.markupLines(),
                    chunked.markupChars()));
        }
        if (chunked.shortParagraphs() > 0) {
            dropped.accept(new InputDropped(document.id(), InputDropped.Reason.SHORT_PARAGRAPH,
                    chunked.shortParagraphs(), chunked.shortParagraphChars()));
        }
        List<Chunk> chunks = chunked.chunks();
        if (chunks.isEmpty()) {
            dropped.accept(new InputDropped(document.id(), InputDropped.Reason.EMPTY_DOCUMENT, 1,
                    document.text().length()));
        }
        List<RootContext> roots = new ArrayList<>(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            Chunk chunk = chunks.get(i);
            roots.add(new RootContext(document.id() + "#" + i, document.id(), firstSequence + i, i,
                    chunk.start(), chunk.end(), chunk.text(), language));
        }
        return roots;
    }
}
