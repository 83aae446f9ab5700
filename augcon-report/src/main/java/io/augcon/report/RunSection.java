package io.augcon.report;

import io.augcon.core.event.SearchReport;
import io.augcon.core.run.RootFill;
import io.augcon.core.run.RunFacts;
import io.augcon.core.run.RunSummary;
import io.augcon.report.DatasetReport.ShortRoot;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The part of a {@link DatasetReport} that only the run knows: quota fill, LLM calls, failures. */
final class RunSection {
    private static final int SHORT_ROOTS_LISTED = 50;

    private RunSection() {}

    static DatasetReport.Run of(RunFacts facts) {
        List<RootFill> fills = facts.rootFills();
        NumberList share = new NumberList();
        Map<String, Long> shortBy = new TreeMap<>();
        long filled = 0;
        long pairsShort = 0;
        for (RootFill fill : fills) {
            share.add(Math.min(1.0, (double) fill.records() / fill.quota()));
            pairsShort += fill.shortfall();
            if (fill.shortfall() == 0) {
                filled++;
            } else {
                shortBy.merge(fill.category(), 1L, Long::sum);
            }
        }
        List<ShortRoot> shortest = fills.stream()
                .filter(f -> f.shortfall() > 0)
                .sorted(Comparator.comparingInt(RootFill::shortfall).reversed())
                .limit(SHORT_ROOTS_LISTED)
                .map(f -> new ShortRoot(f.rootId(), f.quota(), f.records(), f.why()))
                .toList();
        RunSummary summary = facts.summary();
        return new DatasetReport.Run(summary.quota(), fills.size(), filled, pairsShort, shortBy,
                share.histogram("share of quota", 0, 0.25, 0.5, 0.75, 1.0), shortest, summary.llmCalls(),
                summary.tokens(), failures(summary), numbers(summary));
    }

    private static Map<String, Long> failures(RunSummary summary) {
        Map<String, Long> out = new TreeMap<>();
        if (summary.badInputs() > 0) {
            out.put("input/bad", summary.badInputs());
        }
        summary.llmFailures().forEach((kind, n) -> out.put("llm/" + kind, n));
        summary.nodeFailures().forEach((kind, n) -> out.put("node/" + kind, n));
        summary.responseFailures().forEach((kind, n) -> out.put("response/" + kind, n));
        return out;
    }

    private static Map<String, Object> numbers(RunSummary summary) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("documents", summary.documents());
        out.put("bad_inputs", summary.badInputs());
        out.put("roots", summary.roots());
        // what never reached a tree, by reason, with its characters: nothing leaves a run unsaid
        out.put("input_dropped", summary.dropped());
        out.put("candidates", summary.candidates());
        out.put("kept", summary.kept());
        out.put("near_duplicates_within_roots", summary.duplicates());
        out.put("near_duplicates_across_roots_dropped", summary.crossRootDuplicates());
        out.put("records", summary.records());
        out.put("branch_ends", summary.branchEnds());
        out.put("scorer", summary.scorer());
        if (!summary.demonstrations().isEmpty()) {
            // The summary's own lines, so the report says too when a small job's search was scaled down.
            out.put("demonstrations", summary.demonstrations().values().stream().map(SearchReport::describe)
                    .collect(Collectors.joining("; ")));
        }
        // milliseconds, as the report has always shown them
        out.put("wall_seconds", summary.wallTime().toMillis() / 1000.0);
        if (!summary.tokenizerLoads().isEmpty()) {
            // jieba's dictionary, loaded once per JVM: only the run that waited for it says so
            Map<String, Double> loads = new TreeMap<>();
            summary.tokenizerLoads().forEach((language, took) -> loads.put(language, took.toMillis() / 1000.0));
            out.put("tokenizer_load_seconds", loads);
        }
        return out;
    }
}
