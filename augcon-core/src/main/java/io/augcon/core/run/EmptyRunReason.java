package io.augcon.core.run;

import io.augcon.core.event.InputDropped.Reason;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Why a run wrote no record, in one line. The pipeline's steps are walked in order and the first
 * one that let nothing through is named, with the knob that decides it, so "0 records" is never
 * the whole story.
 */
final class EmptyRunReason {
    private EmptyRunReason() {}

    /** The line for {@code summary}, or empty when it wrote records. */
    static Optional<String> of(RunSummary summary) {
        return summary.records() > 0 ? Optional.empty() : Optional.of("no records: " + reason(summary));
    }

    private static String reason(RunSummary s) {
        if (s.documents() == 0) {
            return s.badInputs() > 0 ? "all " + s.badInputs() + " documents were bad input and skipped"
                    : "the corpus held no document";
        }
        if (s.roots() == 0) {
            return "no root context was cut from " + s.documents() + " document" + plural(s.documents()) + ": "
                    + whyNoRoot(s.dropped());
        }
        if (s.rootsWithoutQuota() == s.roots()) {
            return "all " + s.roots() + " root contexts were too short to owe a pair"
                    + " (the quota: --chars-per-pair, SelectionConfig.quota)";
        }
        long owing = s.roots() - s.rootsWithoutQuota();
        if (s.candidates() == 0) {
            return "no question came out of the trees of " + owing + " root" + plural(owing) + treeTrouble(s);
        }
        if (s.kept() == 0) {
            return "all " + s.candidates() + " candidate questions were dropped (near-duplicates " + s.duplicates()
                    + ", over quota " + s.overQuota() + ")";
        }
        return s.kept() + " kept question" + plural(s.kept()) + " gave no record" + answerTrouble(s);
    }

    private static String whyNoRoot(Map<String, DropCount> dropped) {
        DropCount shortParagraphs = dropped.get(Reason.SHORT_PARAGRAPH.key());
        if (shortParagraphs != null) {
            String which = shortParagraphs.count() == 1 ? "the one paragraph (" + shortParagraphs.chars() + " chars) was"
                    : "all " + shortParagraphs.count() + " paragraphs (" + shortParagraphs.chars() + " chars) were";
            return which + " at most min_paragraph_chars long (--min-paragraph-chars,"
                    + " CorpusConfig.minParagraphChars; default 100)";
        }
        DropCount markup = dropped.get(Reason.MARKUP.key());
        if (markup != null) {
            return "they held no prose, only " + markup.count() + " line" + plural(markup.count())
                    + " of markup (headings, tables, rules and code)";
        }
        return "they were empty";
    }

    private static String treeTrouble(RunSummary s) {
        StringJoiner parts = new StringJoiner("; ", ": ", "").setEmptyValue("");
        long failed = RunSummary.sum(s.nodeFailures());
        if (failed > 0) {
            parts.add(failed + " tree nodes failed" + RunSummary.counts(s.nodeFailures()));
        }
        if (s.questionsRejected() > 0) {
            parts.add(s.questionsRejected() + " questions rejected as too short");
        }
        if (RunSummary.sum(s.llmFailures()) > 0) {
            parts.add(RunSummary.sum(s.llmFailures()) + " LLM calls failed" + RunSummary.counts(s.llmFailures()));
        }
        return parts.toString();
    }

    private static String answerTrouble(RunSummary s) {
        StringJoiner parts = new StringJoiner("; ", ": ", "").setEmptyValue("");
        long failed = RunSummary.sum(s.responseFailures());
        if (failed > 0) {
            parts.add(failed + " answers failed" + RunSummary.counts(s.responseFailures()));
        }
        if (s.crossRootDuplicates() > 0) {
            parts.add(s.crossRootDuplicates() + " records dropped as cross-root duplicates");
        }
        return parts.toString();
    }

    private static String plural(long n) {
        return n == 1 ? "" : "s";
    }
}
