package io.augcon.cli;

import io.augcon.api.Language;
import io.augcon.core.AugConBuilder;
import io.augcon.core.filter.Quota;
import io.augcon.core.text.RougeMeasure;
import io.augcon.core.tree.SplitMode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * {@code generate}'s corpus, tree and selection knobs: what is read, how it is cut into roots and
 * split, how many pairs each root owes and how candidates are filtered. The dry run reads the same
 * options to estimate a run.
 */
final class CorpusOptions implements RecordSettings {
    @Option(names = "--input", required = true, paramLabel = "PATH",
            description = "A file or a directory (recursed): .txt/.md one document per file, .jsonl one per line.")
    Path input;

    @Option(names = "--language", paramLabel = "L", defaultValue = "auto", converter = Languages.class,
            completionCandidates = Languages.class, description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Language language;

    @Option(names = "--strict", description = "Stop at the first bad input (exit 2) instead of skipping it.")
    boolean strict;

    @Option(names = "--max-chunk-chars", paramLabel = "N", defaultValue = "500", description = "Longest root context (default: ${DEFAULT-VALUE}).")
    int maxChunkChars;

    @Option(names = "--min-paragraph-chars", paramLabel = "N", defaultValue = "100",
            description = "Paragraphs of N characters or fewer are dropped (titles, captions) and counted in the summary;"
                    + " 0 keeps every paragraph (default: ${DEFAULT-VALUE}).")
    int minParagraphChars;

    @Option(names = "--min-context-chars", paramLabel = "N", defaultValue = "20", description = "Minimum granularity lambda (default: ${DEFAULT-VALUE}).")
    int minContextChars;

    @Option(names = "--chars-per-pair", paramLabel = "N", defaultValue = "35", description = "Quota: one pair per N characters (default: ${DEFAULT-VALUE}).")
    double charsPerPair;

    /** Another quota unit than characters, or {@code null}. */
    @ArgGroup(exclusive = true)
    QuotaUnit unit;

    @Option(names = "--split", paramLabel = "rewrite|numbered", defaultValue = "rewrite", converter = Splits.class,
            completionCandidates = Splits.class,
            description = "LLM runs: how a tree node is split: rewrite (the paper: the model rewrites both halves) or"
                    + " numbered (the model names the sentence where the context splits; sub-contexts are exact spans,"
                    + " far fewer output tokens) (default: ${DEFAULT-VALUE}).")
    SplitMode split;

    @Option(names = "--oversample", paramLabel = "X", defaultValue = "1.15", description = "Candidates per pair before filtering (default: ${DEFAULT-VALUE}).")
    double oversample;

    @Option(names = "--rouge-threshold", paramLabel = "X", defaultValue = "0.7", description = "Near-duplicate threshold (default: ${DEFAULT-VALUE}).")
    double rougeThreshold;

    @Option(names = "--rouge-measure", paramLabel = "M", defaultValue = "precision", converter = Measures.class,
            completionCandidates = Measures.class,
            description = "${COMPLETION-CANDIDATES}: precision (the paper) or f (the reference) (default: ${DEFAULT-VALUE}).")
    RougeMeasure rougeMeasure;

    @Option(names = "--min-child-precision", paramLabel = "X", defaultValue = "0.7",
            description = "Hallucination check on sub-contexts; 0 turns it off (default: ${DEFAULT-VALUE}).")
    double minChildPrecision;

    @Option(names = "--max-tree-runs", paramLabel = "N", defaultValue = "4", description = "Trees grown per root at most (default: ${DEFAULT-VALUE}).")
    int maxTreeRuns;

    @Option(names = "--global-dedup",
            description = "Also drop near-duplicate questions across root contexts (MinHash over word shingles), not only within a root.")
    boolean globalDedup;

    @Option(names = "--global-dedup-threshold", paramLabel = "X", defaultValue = "0.7",
            description = "Jaccard similarity of word shingles at which --global-dedup drops a question (default: ${DEFAULT-VALUE}).")
    double globalDedupThreshold;

    /** The quota in words or sentences instead of characters: one or the other. */
    static final class QuotaUnit {
        @Option(names = "--words-per-pair", paramLabel = "N", description = "Quota: one pair per N words instead (suits English).")
        Double wordsPerPair;

        @Option(names = "--sentences-per-pair", paramLabel = "N", description = "Quota: one pair per N sentences instead.")
        Double sentencesPerPair;
    }

    /** Sets these knobs on {@code builder}; the builder rejects a value out of range, naming its knob. */
    void applyTo(AugConBuilder builder) {
        builder.corpus(c -> c.withMaxChunkChars(maxChunkChars).withMinParagraphChars(minParagraphChars))
                .tree(t -> t.withMinContextChars(minContextChars))
                .selection(s -> s.withQuota(quota()).withOversample(oversample).withRougeThreshold(rougeThreshold).withRougeMeasure(rougeMeasure))
                .tree(t -> t.withMinChildPrecision(minChildPrecision))
                .selection(s -> s.withMaxTreeRuns(maxTreeRuns))
                .corpus(c -> c.withStrictInput(strict))
                .tree(t -> t.withSplitMode(split))
                .selection(s -> s.withGlobalDedup(globalDedup).withGlobalDedupThreshold(globalDedupThreshold));
        if (language != null) {
            builder.corpus(c -> c.withLanguage(language));
        }
    }

    Quota quota() {
        if (unit != null && unit.wordsPerPair != null) {
            return Quota.perWords(unit.wordsPerPair);
        }
        return unit != null && unit.sentencesPerPair != null ? Quota.perSentences(unit.sentencesPerPair) : Quota.perChars(charsPerPair);
    }

    /** {@code auto} (detected per document, {@code null}), {@code en} or {@code zh}. */
    static final class Languages extends Choice<Language> {
        Languages() {
            super(languages());
        }

        private static Map<String, Language> languages() {
            Map<String, Language> byName = new LinkedHashMap<>();
            byName.put("auto", null);
            byName.putAll(named(Language.values(), Language::code));
            return byName;
        }
    }

    /** The tree's split modes by their command-line names. */
    static final class Splits extends Choice<SplitMode> {
        Splits() {
            super(named(SplitMode.values(), SplitMode::cliName));
        }
    }

    /** {@code f-measure} is accepted as a longer spelling of {@code f}; recall is not offered. */
    static final class Measures extends Choice<RougeMeasure> {
        Measures() {
            super(Map.entry("precision", RougeMeasure.PRECISION), Map.entry("f", RougeMeasure.F_MEASURE),
                    Map.entry("f-measure", RougeMeasure.F_MEASURE));
        }
    }
}
