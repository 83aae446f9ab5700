package io.augcon.core.run;

import io.augcon.api.TokenUsage;
import io.augcon.core.event.InputDropped;
import io.augcon.core.event.SearchReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * What a run did, in numbers: the end-of-run summary. Maps are keyed by lower-case names (stage
 * names, failure kinds, branch-end reasons) in sorted order.
 *
 * @param documents          documents read
 * @param badInputs          documents skipped as bad input
 * @param roots              root contexts cut from the documents
 * @param rootsWithoutQuota  roots too short to owe a single pair
 * @param nodesExpanded      tree nodes expanded
 * @param nodeFailures       nodes whose expansion failed, by failure kind
 * @param reasks             tree-node answers that were unusable (no question could be read, or cut by
 *                           the token limit) and were asked again with a new seed: the re-asks of
 *                           expanded nodes and of nodes that ran out of attempts (a node that failed
 *                           after 4 unusable answers was re-asked 3 times). Retries of failed calls
 *                           are not re-asks: {@link ResilienceCounts#retries()} counts them
 * @param questionsRejected  generated questions discarded before ranking (too short)
 * @param branchEnds         why branches stopped, by reason
 * @param candidates         candidate queries ranked
 * @param kept               candidates kept by the filter
 * @param duplicates         candidates dropped as near-duplicates
 * @param overQuota          candidates not needed once the quota was filled
 * @param quota              pairs owed over all roots
 * @param rootsShort         roots that ended below their quota
 * @param pairsShort         pairs missing over all short roots
 * @param responseFailures   kept queries whose answer failed, by failure kind
 * @param records            records written
 * @param llmCalls           LLM calls by stage
 * @param llmFailures        failed LLM calls by failure kind
 * @param tokens             token usage by stage
 * @param scorer             which scorer ranked the candidates, and how it came about
 * @param wallTime           time from start to end of the run
 * @param resilience         retries, give-ups, concurrency-limit changes and pauses of the LLM calls
 * @param recordFlags        records written with a provenance flag, by flag (e.g. {@code below_grounding_floor})
 * @param demonstrations     the answering step's demonstration search, by language code
 * @param crossRootDuplicates finished records refused by the cross-root deduplication (0 when it is off)
 * @param dropped            input discarded before any question was asked about it, by reason (the
 *                           keys of {@link InputDropped.Reason#key()}: {@code markup} (in lines),
 *                           {@code short_paragraph}, {@code empty_document}, {@code root_without_quota})
 * @param tokenizerLoads     how long the run waited for a tokenizer to load, by language code: jieba's
 *                           dictionary for {@code zh}, loaded once per JVM, so only the first run
 *                           that meets Chinese text has it; empty otherwise
 */
public record RunSummary(
        long documents,
        long badInputs,
        long roots,
        long rootsWithoutQuota,
        long nodesExpanded,
        Map<String, Long> nodeFailures,
        long reasks,
        long questionsRejected,
        Map<String, Long> branchEnds,
        long candidates,
        long kept,
        long duplicates,
        long overQuota,
        long quota,
        long rootsShort,
        long pairsShort,
        Map<String, Long> responseFailures,
        long records,
        Map<String, Long> llmCalls,
        Map<String, Long> llmFailures,
        Map<String, TokenUsage> tokens,
        String scorer,
        Duration wallTime,
        ResilienceCounts resilience,
        Map<String, Long> recordFlags,
        Map<String, SearchReport> demonstrations,
        long crossRootDuplicates,
        Map<String, DropCount> dropped,
        Map<String, Duration> tokenizerLoads) {
    /** A summary without tokenizer loads (the shape before they were reported). */
    public RunSummary(long documents, long badInputs, long roots, long rootsWithoutQuota, long nodesExpanded,
            Map<String, Long> nodeFailures, long reasks, long questionsRejected, Map<String, Long> branchEnds,
            long candidates, long kept, long duplicates, long overQuota, long quota, long rootsShort, long pairsShort,
            Map<String, Long> responseFailures, long records, Map<String, Long> llmCalls, Map<String, Long> llmFailures,
            Map<String, TokenUsage> tokens, String scorer, Duration wallTime, ResilienceCounts resilience,
            Map<String, Long> recordFlags, Map<String, SearchReport> demonstrations, long crossRootDuplicates,
            Map<String, DropCount> dropped) {
        this(documents, badInputs, roots, rootsWithoutQuota, nodesExpanded, nodeFailures, reasks, questionsRejected,
                branchEnds, candidates, kept, duplicates, overQuota, quota, rootsShort, pairsShort, responseFailures,
                records, llmCalls, llmFailures, tokens, scorer, wallTime, resilience, recordFlags, demonstrations,
                crossRootDuplicates, dropped, Map.of());
    }

    /** A summary without dropped input (the shape before drops were counted). */
    public RunSummary(long documents, long badInputs, long roots, long rootsWithoutQuota, long nodesExpanded,
            Map<String, Long> nodeFailures, long reasks, long questionsRejected, Map<String, Long> branchEnds,
            long candidates, long kept, long duplicates, long overQuota, long quota, long rootsShort, long pairsShort,
            Map<String, Long> responseFailures, long records, Map<String, Long> llmCalls, Map<String, Long> llmFailures,
            Map<String, TokenUsage> tokens, String scorer, Duration wallTime, ResilienceCounts resilience,
            Map<String, Long> recordFlags, Map<String, SearchReport> demonstrations, long crossRootDuplicates) {
        this(documents, badInputs, roots, rootsWithoutQuota, nodesExpanded, nodeFailures, reasks, questionsRejected,
                branchEnds, candidates, kept, duplicates, overQuota, quota, rootsShort, pairsShort, responseFailures,
                records, llmCalls, llmFailures, tokens, scorer, wallTime, resilience, recordFlags, demonstrations,
                crossRootDuplicates, Map.of());
    }

    /** A summary of a run without cross-root deduplication (the shape before that option existed). */
    public RunSummary(long documents, long badInputs, long roots, long rootsWithoutQuota, long nodesExpanded,
            Map<String, Long> nodeFailures, long reasks, long questionsRejected, Map<String, Long> branchEnds,
            long candidates, long kept, long duplicates, long overQuota, long quota, long rootsShort, long pairsShort,
            Map<String, Long> responseFailures, long records, Map<String, Long> llmCalls, Map<String, Long> llmFailures,
            Map<String, TokenUsage> tokens, String scorer, Duration wallTime, ResilienceCounts resilience,
            Map<String, Long> recordFlags, Map<String, SearchReport> demonstrations) {
        this(documents, badInputs, roots, rootsWithoutQuota, nodesExpanded, nodeFailures, reasks, questionsRejected,
                branchEnds, candidates, kept, duplicates, overQuota, quota, rootsShort, pairsShort, responseFailures,
                records, llmCalls, llmFailures, tokens, scorer, wallTime, resilience, recordFlags, demonstrations, 0);
    }

    /**
     * Copies every map into key order, so a summary prints and serialises the same way on every
     * run; a {@code null} {@code resilience} means {@link ResilienceCounts#NONE}.
     */
    public RunSummary {
        resilience = resilience == null ? ResilienceCounts.NONE : resilience;
        nodeFailures = sorted(nodeFailures);
        branchEnds = sorted(branchEnds);
        responseFailures = sorted(responseFailures);
        llmCalls = sorted(llmCalls);
        llmFailures = sorted(llmFailures);
        tokens = sorted(tokens);
        recordFlags = sorted(recordFlags);
        demonstrations = sorted(demonstrations);
        dropped = sorted(dropped == null ? Map.of() : dropped);
        tokenizerLoads = sorted(tokenizerLoads == null ? Map.of() : tokenizerLoads);
    }

    private static <V> Map<String, V> sorted(Map<String, V> map) {
        return java.util.Collections.unmodifiableMap(new TreeMap<>(map));
    }

    /** All LLM calls. */
    public long totalLlmCalls() {
        return llmCalls.values().stream().mapToLong(Long::longValue).sum();
    }

    /** All tokens, summed over stages. */
    public TokenUsage totalTokens() {
        return tokens.values().stream().reduce(TokenUsage.ZERO, TokenUsage::plus);
    }

    /**
     * Why the run wrote no record, in one line that names the step that let nothing through and
     * the knob that decides it, e.g. {@code no records: no root context was cut from 1 document:
     * all 3 paragraphs (240 chars) were at most min_paragraph_chars long (...)}; empty when the
     * run wrote records.
     */
    public Optional<String> whyEmpty() {
        return EmptyRunReason.of(this);
    }

    /**
     * The summary as a few human-readable lines, as the CLI prints it at the end of a run: what was
     * dropped by reason on one line, and {@link #whyEmpty()} last when no record was written.
     */
    public String format() {
        TokenUsage total = totalTokens();
        List<String> lines = new ArrayList<>(List.of(
                "documents " + documents + " (bad input skipped " + badInputs + "), root contexts " + roots
                        + " (" + rootsWithoutQuota + " too short to owe a pair)",
                "input dropped: " + DropCount.describe(dropped),
                "tree nodes expanded " + nodesExpanded + ", failed " + sum(nodeFailures) + counts(nodeFailures)
                        + ", re-asked " + reasks + ", questions rejected " + questionsRejected,
                "branches ended" + counts(branchEnds),
                "candidates " + candidates + ", kept " + kept + ", near-duplicates dropped " + duplicates
                        + ", over quota " + overQuota
                        + (crossRootDuplicates > 0 ? ", cross-root duplicates dropped " + crossRootDuplicates : ""),
                "scorer " + scorer,
                "quota " + quota + " pairs; " + rootsShort + " roots short by " + pairsShort + " pairs",
                "records written " + records + flagged() + ", response failures " + sum(responseFailures)
                        + counts(responseFailures),
                "LLM calls " + totalLlmCalls() + counts(llmCalls) + ", failed " + sum(llmFailures) + counts(llmFailures)
                        + "; tokens in " + total.inputTokens() + ", out " + total.outputTokens() + tokensByStage(),
                resilience.format(),
                String.format(Locale.ROOT, "wall time %.1f s", wallTime.toMillis() / 1000.0) + tokenizerLoaded()));
        demonstrations.values().forEach(report -> lines.add(lines.size() - 1, "demonstrations " + report.describe()));
        whyEmpty().ifPresent(lines::add);
        return String.join("\n", lines);
    }

    /** {@code " (tokenizer load: zh 6.9 s)"}, or nothing when the run loaded none. */
    private String tokenizerLoaded() {
        if (tokenizerLoads.isEmpty()) {
            return "";
        }
        StringJoiner joined = new StringJoiner(", ", " (tokenizer load: ", ")");
        tokenizerLoads.forEach((language, took) -> joined.add(
                String.format(Locale.ROOT, "%s %.1f s", language, took.toMillis() / 1000.0)));
        return joined.toString();
    }

    private String flagged() {
        if (recordFlags.isEmpty()) {
            return "";
        }
        StringJoiner joined = new StringJoiner(", ", " (flagged ", ")");
        recordFlags.forEach((flag, n) -> joined.add(flag + " " + n));
        return joined.toString();
    }

    private String tokensByStage() {
        if (tokens.size() < 2) {
            return "";
        }
        StringJoiner joined = new StringJoiner(", ", " (", ")");
        tokens.forEach((stage, t) -> joined.add(stage + " " + t.inputTokens() + "/" + t.outputTokens()));
        return joined.toString();
    }

    static long sum(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** {@code " (a 1, b 2)"}, or nothing for no counts. */
    static String counts(Map<String, Long> counts) {
        if (counts.isEmpty()) {
            return "";
        }
        StringJoiner joined = new StringJoiner(", ", " (", ")");
        counts.forEach((k, v) -> joined.add(k + " " + v));
        return joined.toString();
    }
}
