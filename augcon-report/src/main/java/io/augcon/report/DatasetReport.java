package io.augcon.report;

import io.augcon.api.TokenUsage;
import java.util.List;
import java.util.Map;

/**
 * What a run produced and what it left out, in numbers: built from the records by
 * {@link ReportBuilder}, written as JSON by {@link ReportJson} and drawn by {@link HtmlReport}.
 *
 * <pre>{@code
 * ReportBuilder builder = ReportBuilder.builder().build();
 * records.forEach(builder::add);
 * DatasetReport report = builder.build();
 * report.totals().records();
 * }</pre>
 *
 * @param totals          how many records, documents, roots, by language and model
 * @param perDocument     records per document, most first
 * @param recordsPerRoot  the distribution of records per root
 * @param depth           kept queries by tree depth (0 = the whole root): the granularity
 * @param contextLength   kept queries by the length of the context they ask about, in characters
 * @param queryLength     queries by length in characters
 * @param queryChars      the distribution of query lengths in characters
 * @param diversity       lexical and embedding diversity of the queries
 * @param nearDuplicates  queries that nearly repeat a query of another root
 * @param scores          the scorer's scores
 * @param grounding       the answering step's grounding check
 * @param run             what only the run knows (quota fill, LLM calls, failures); {@code null}
 *                        without a run summary
 */
public record DatasetReport(
        Totals totals,
        List<Count> perDocument,
        Distribution recordsPerRoot,
        Histogram depth,
        Histogram contextLength,
        Histogram queryLength,
        Distribution queryChars,
        Diversity diversity,
        NearDuplicates nearDuplicates,
        Scores scores,
        Grounding grounding,
        Run run) {

    /** Totals of the records. */
    public record Totals(long records, long documents, long roots, Map<String, Long> languages, Map<String, Long> models) {}

    /** A named count. */
    public record Count(String name, long count) {}

    /**
     * A histogram: bins in order, each {@code [from, to)} except that the last may be open
     * ({@code to} is then infinite and written as {@code null} in JSON).
     */
    public record Histogram(String unit, List<Bin> bins) {
        /** All counts. */
        public long total() {
            return bins.stream().mapToLong(Bin::count).sum();
        }
    }

    /** One bin of a histogram. */
    public record Bin(String label, double from, Double to, long count) {}

    /** Summary statistics of a list of numbers (all {@code 0} when it is empty). */
    public record Distribution(long count, double mean, double min, double p10, double p50, double p90, double max) {}

    /**
     * Diversity of the queries.
     *
     * @param distinct1            distinct words / all words over all queries
     * @param distinct2            distinct adjacent word pairs / all pairs
     * @param rougeWithinRoots     mean ROUGE-L F1 over every pair of queries of the same root
     * @param pairsWithinRoots     how many pairs that mean is over
     * @param rougeAcrossCorpus    mean ROUGE-L F1 over every pair of a uniform sample of queries
     * @param rougeSample          the sample's size
     * @param embeddingDispersion  mean cosine distance between the embeddings of a uniform sample
     *                             of queries (0 = all the same; about 1 = unrelated); {@code null}
     *                             without an encoder
     * @param embeddingSample      the sample's size
     * @param encoder              the encoder's id, or {@code null}
     */
    public record Diversity(double distinct1, double distinct2, double rougeWithinRoots, long pairsWithinRoots,
            double rougeAcrossCorpus, int rougeSample, Double embeddingDispersion, int embeddingSample, String encoder) {}

    /**
     * Queries with a near-duplicate in another root: Jaccard similarity of word and word-pair
     * shingles at or above {@code threshold}, found with MinHash LSH.
     *
     * @param threshold the Jaccard threshold
     * @param queries   queries with an earlier near-duplicate in another root
     * @param examples  the first few such pairs
     */
    public record NearDuplicates(double threshold, long queries, List<NearDuplicate> examples) {}

    /** One near-duplicate pair: a query and the earlier query of another root it repeats. */
    public record NearDuplicate(String query, String rootId, String duplicateOf, String duplicateOfRoot, double jaccard) {}

    /** The scorer's scores of the records: how many had one, their distribution and histogram. */
    public record Scores(long scored, long unscored, Distribution distribution, Histogram histogram) {}

    /**
     * The answering step's grounding check (provenance field {@code grounding}: the share of the
     * answer's content words found in its context).
     *
     * @param checked  records with a grounding value
     * @param unchecked records without (e.g. offline, extracted answers)
     * @param flags     records by provenance flag (e.g. {@code below_grounding_floor})
     */
    public record Grounding(long checked, long unchecked, Distribution distribution, Histogram histogram,
            Map<String, Long> flags) {}

    /**
     * What the run summary adds.
     *
     * @param quota           pairs owed over all roots
     * @param rootsOwing      roots that owed at least one pair
     * @param rootsFilled     roots that got their quota
     * @param pairsShort      pairs missing over all roots
     * @param shortBy         short roots by their first reason
     * @param fill            roots by the share of their quota they got
     * @param shortRoots      the roots left shortest, with why (at most 50)
     * @param llmCalls        LLM calls by stage
     * @param tokens          tokens by stage
     * @param failures        failures by where and kind ({@code llm/timeout}, {@code node/parse}, ...)
     * @param summary         the rest: documents, bad inputs, candidates, kept, duplicates, scorer, wall time
     */
    public record Run(long quota, long rootsOwing, long rootsFilled, long pairsShort, Map<String, Long> shortBy,
            Histogram fill, List<ShortRoot> shortRoots, Map<String, Long> llmCalls, Map<String, TokenUsage> tokens,
            Map<String, Long> failures, Map<String, Object> summary) {}

    /** A root left short of its quota and why. */
    public record ShortRoot(String rootId, int quota, int records, String why) {}
}
