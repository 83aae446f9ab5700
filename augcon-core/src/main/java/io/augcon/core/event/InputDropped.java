package io.augcon.core.event;

import java.util.Locale;
import java.util.Objects;

/**
 * Input the run discarded before asking anything about it ({@link PipelineListener#inputDropped}):
 * text that cannot become a record, counted so that nothing leaves a run without a word.
 *
 * <p>Unlike a {@link BadInput}, nothing is wrong with dropped input: it is too short for the
 * method's settings, and each reason names the knob that decides it.
 *
 * @param id     the document's id, or the root context's id for {@link Reason#ROOT_WITHOUT_QUOTA}
 * @param reason why it was dropped
 * @param count  how many pieces (markup lines, paragraphs, documents or roots) were dropped, at least 1
 * @param chars  their characters (for paragraphs, after line breaks were joined)
 */
public record InputDropped(String id, Reason reason, int count, long chars) {

    /** Why a piece of input was dropped. */
    public enum Reason {
        /**
         * Lines that are not prose: markdown headings, table rows, rules, code fences and the code
         * between them; counted in lines, one event per document. Plain text is read with the same
         * rules ({@code ParagraphFinder}); no knob keeps them, since they make no paragraph.
         */
        MARKUP,
        /**
         * A paragraph of {@code CorpusConfig.minParagraphChars} characters or fewer (default 100,
         * as the reference: mostly titles, captions and boilerplate); one event per document.
         */
        SHORT_PARAGRAPH,
        /**
         * A document that gave no root context: empty, only markup (headings, tables, code), or
         * only short paragraphs.
         */
        EMPTY_DOCUMENT,
        /** A root context too short to owe a single pair under the quota ({@code SelectionConfig.quota}). */
        ROOT_WITHOUT_QUOTA;

        /** The reason's name in summaries, reports and JSON: {@code short_paragraph}, ... */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Every part is required and the counts are not negative; a drop of nothing is not an event. */
    public InputDropped {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(reason, "reason");
        if (count < 1 || chars < 0) {
            throw new IllegalArgumentException("count must be >= 1 and chars >= 0, was " + count + " and " + chars);
        }
    }
}
