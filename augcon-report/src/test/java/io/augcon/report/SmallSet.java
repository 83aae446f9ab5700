package io.augcon.report;

import io.augcon.api.Language;
import io.augcon.api.SftRecord;
import io.augcon.api.TextEncoder;
import io.augcon.api.TokenUsage;
import io.augcon.core.run.DropCount;
import io.augcon.core.run.ResilienceCounts;
import io.augcon.core.run.RootFill;
import io.augcon.core.run.RunFacts;
import io.augcon.core.run.RunSummary;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Five records over two documents and three roots whose report numbers are worked out by hand in the tests. */
final class SmallSet {
    private SmallSet() {}

    static List<SftRecord> records() {
        return List.of(
                record("r1", "a", "a#0", 0, "What pulls the tides?", 120, 0.5, 0.9, false),
                record("r2", "a", "a#0", 1, "What pulls the ocean?", 60, 0.2, 0.4, true),
                record("r3", "a", "a#1", 1, "Why is bread sour?", 45, null, null, false),
                record("r4", "b", "b#0", 2, "What pulls the tides?", 30, 0.8, null, false),
                record("r5", "b", "b#0", 0, "How long do tides last?", 250, 0.6, null, false));
    }

    /** Run facts for the same roots: a#0 lost an answer, a#1 ran out of candidates, b#0 is filled. */
    static RunFacts facts() {
        List<RootFill> fills = List.of(
                new RootFill("a#0", "a", 120, 3, 5, 1, 3, 1, 0, 1, 0, 2),
                new RootFill("a#1", "a", 80, 2, 1, 4, 1, 0, 0, 0, 0, 1),
                new RootFill("b#0", "b", 250, 2, 4, 1, 2, 2, 0, 0, 0, 2));
        RunSummary summary = new RunSummary(2, 1, 3, 0, 0, Map.of(), 0, 0, Map.of("too_short", 12L), 10, 6, 3, 0, 7,
                2, 2, Map.of("timeout", 1L), 5, Map.of("cst", 40L, "response", 6L), Map.of("timeout", 2L),
                Map.of("cst", new TokenUsage(4000, 900), "response", new TokenUsage(1200, 300)),
                "none: candidates kept in generation order", Duration.ofMillis(3500), ResilienceCounts.NONE,
                Map.of("below_grounding_floor", 1L), Map.of(), 0,
                Map.of("short_paragraph", new DropCount(4, 230), "root_without_quota", new DropCount(1, 20)));
        return new RunFacts(summary, fills);
    }

    /** Queries about tides point one way, the rest another. */
    static TextEncoder twoDirections() {
        return new TextEncoder() {
            @Override
            public float[][] encode(List<String> texts) {
                return texts.stream().map(t -> t.contains("tides") ? new float[] {2, 0} : new float[] {0, 1})
                        .toArray(float[][]::new);
            }

            @Override
            public String id() {
                return "two-directions";
            }
        };
    }

    private static SftRecord record(String id, String document, String root, int depth, String query,
            int contextChars, Double score, Double grounding, boolean flagged) {
        Map<String, Object> provenance = new LinkedHashMap<>();
        if (grounding != null) {
            provenance.put("grounding", grounding);
        }
        if (flagged) {
            provenance.put("flags", List.of("below_grounding_floor"));
        }
        return new SftRecord(id, query, "An answer.", "x".repeat(contextChars), document, root, depth, score,
                Language.EN, 0, 300, "test-model", provenance);
    }
}
