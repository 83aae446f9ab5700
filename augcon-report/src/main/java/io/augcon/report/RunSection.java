package io.augcon.report;

import io.augcon.report.DatasetReport.ShortRoot;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
        return new DatasetReport.Run(facts.quota(), fills.size(), filled, pairsShort, shortBy,
                share.histogram("share of quota", 0, 0.25, 0.5, 0.75, 1.0), shortest, facts.llmCalls(), facts.tokens(),
                failures(facts), summary(facts));
    }

    private static Map<String, Long> failures(RunFacts facts) {
        Map<String, Long> out = new TreeMap<>();
        if (facts.badInputs() > 0) {
            out.put("input/bad", facts.badInputs());
        }
        facts.llmFailures().forEach((kind, n) -> out.put("llm/" + kind, n));
        facts.nodeFailures().forEach((kind, n) -> out.put("node/" + kind, n));
        facts.responseFailures().forEach((kind, n) -> out.put("response/" + kind, n));
        return out;
    }

    private static Map<String, Object> summary(RunFacts facts) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("documents", facts.documents());
        out.put("bad_inputs", facts.badInputs());
        out.put("roots", facts.roots());
        out.put("candidates", facts.candidates());
        out.put("kept", facts.kept());
        out.put("near_duplicates_within_roots", facts.duplicates());
        out.put("near_duplicates_across_roots_dropped", facts.crossRootDuplicates());
        out.put("records", facts.records());
        out.put("branch_ends", facts.branchEnds());
        out.put("scorer", facts.scorer());
        out.put("wall_seconds", facts.wallSeconds());
        return out;
    }
}
