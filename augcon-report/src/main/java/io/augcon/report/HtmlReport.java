package io.augcon.report;

import io.augcon.api.TokenUsage;
import io.augcon.report.DatasetReport.Bin;
import io.augcon.report.DatasetReport.Count;
import io.augcon.report.DatasetReport.Distribution;
import io.augcon.report.DatasetReport.Histogram;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link DatasetReport} as one self-contained HTML file: charts are inline SVG drawn here,
 * styles inline, nothing fetched when the file is opened. A few lines of inline script only
 * count the charts and record any script error on the page ({@code data-script-errors}), which
 * is how the browser test checks a clean render.
 *
 * <pre>{@code
 * HtmlReport.write(report, Path.of("report.html"));
 * }</pre>
 */
public final class HtmlReport {
    private static final String STYLE = "body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1180px;"
            + "color:#1d232a;padding:0 16px}h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #d8dee4}"
            + ".cards{display:flex;flex-wrap:wrap;gap:10px}.card{background:#f3f6f9;border-radius:6px;padding:8px 14px}"
            + ".card b{display:block;font-size:20px}.charts{display:flex;flex-wrap:wrap;gap:18px}"
            + "figure{margin:0}figcaption{font-weight:600;margin-bottom:4px}table{border-collapse:collapse;margin:6px 0}"
            + "td,th{border:1px solid #d8dee4;padding:3px 8px;text-align:left;vertical-align:top}td.n{text-align:right}"
            + "svg .bar{fill:#3b78c2}svg .axis{stroke:#555}svg text{font-size:11px;fill:#333}.note{color:#57606a}";
    private static final String SCRIPT = "window.__errors=[];window.addEventListener('error',function(e){"
            + "window.__errors.push(String(e.message));document.documentElement.setAttribute('data-script-errors',"
            + "String(window.__errors.length));});document.addEventListener('DOMContentLoaded',function(){"
            + "var n=0;document.querySelectorAll('svg.chart').forEach(function(s){if(s.querySelectorAll('rect').length>0){n++;}});"
            + "document.documentElement.setAttribute('data-charts',String(n));"
            + "if(!document.documentElement.hasAttribute('data-script-errors')){"
            + "document.documentElement.setAttribute('data-script-errors','0');}});";

    private final DatasetReport report;
    private final StringBuilder html = new StringBuilder(64 * 1024);

    private HtmlReport(DatasetReport report) {
        this.report = report;
    }

    /** Writes the report as HTML to {@code file}. */
    public static void write(DatasetReport report, Path file) throws IOException {
        Files.writeString(file, render(report), StandardCharsets.UTF_8);
    }

    /** The report as an HTML document. */
    public static String render(DatasetReport report) {
        return new HtmlReport(report).document();
    }

    private String document() {
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>AugCon dataset report</title>")
                .append("<style>").append(STYLE).append("</style><script>").append(SCRIPT).append("</script></head><body>")
                .append("<h1>AugCon dataset report</h1>");
        totals();
        granularity();
        queries();
        diversity();
        nearDuplicates();
        quota();
        scoresAndGrounding();
        llm();
        documents();
        return html.append("</body></html>").toString();
    }

    private void totals() {
        DatasetReport.Totals t = report.totals();
        html.append("<div class=\"cards\">");
        card("records", t.records());
        card("documents", t.documents());
        card("root contexts", t.roots());
        html.append("</div><p>Languages: ").append(Html.escape(counts(t.languages()))).append(". Models: ")
                .append(Html.escape(counts(t.models()))).append(".</p>");
    }

    private void granularity() {
        html.append("<h2>Granularity</h2><p class=\"note\">Depth 0 asks about a whole root context; each level down"
                + " asks about half the text of the level above.</p><div class=\"charts\">");
        figure("Kept queries by tree depth", report.depth());
        figure("Kept queries by context length", report.contextLength());
        html.append("</div>");
    }

    private void queries() {
        html.append("<h2>Queries</h2><div class=\"charts\">");
        figure("Query length", report.queryLength());
        html.append("</div>");
        distribution("query length (characters)", report.queryChars());
    }

    private void diversity() {
        DatasetReport.Diversity d = report.diversity();
        html.append("<h2>Diversity</h2><table>");
        row("distinct-1 (distinct words / words)", number(d.distinct1()));
        row("distinct-2 (distinct word pairs / word pairs)", number(d.distinct2()));
        row("mean ROUGE-L F1 within roots (" + SvgBars.format(d.pairsWithinRoots()) + " pairs)", number(d.rougeWithinRoots()));
        row("mean ROUGE-L F1 across the corpus (all pairs of a uniform sample of " + d.rougeSample() + " queries)",
                number(d.rougeAcrossCorpus()));
        row("embedding dispersion (mean cosine distance, sample of " + d.embeddingSample() + " queries)",
                d.embeddingDispersion() == null ? "not measured (no encoder)"
                        : number(d.embeddingDispersion()) + " with " + d.encoder());
        html.append("</table><p class=\"note\">Lower ROUGE-L and higher dispersion mean more varied queries. The"
                + " corpus-wide numbers use a sample of at most the stated size, so they stay fast on millions.</p>");
    }

    private void nearDuplicates() {
        DatasetReport.NearDuplicates n = report.nearDuplicates();
        html.append("<h2>Near-duplicates across roots</h2><p>").append(SvgBars.format(n.queries()))
                .append(" queries nearly repeat a query of an earlier root (Jaccard similarity of word and word-pair"
                        + " shingles at least ").append(number(n.threshold())).append(", found with MinHash LSH).</p>");
        if (!n.examples().isEmpty()) {
            html.append("<table><tr><th>query</th><th>root</th><th>repeats</th><th>root</th><th>Jaccard</th></tr>");
            n.examples().forEach(e -> html.append("<tr><td>").append(Html.escape(e.query())).append("</td><td>")
                    .append(Html.escape(e.rootId())).append("</td><td>").append(Html.escape(e.duplicateOf()))
                    .append("</td><td>").append(Html.escape(e.duplicateOfRoot())).append("</td><td class=\"n\">")
                    .append(number(e.jaccard())).append("</td></tr>"));
            html.append("</table>");
        }
    }

    private void quota() {
        DatasetReport.Run run = report.run();
        html.append("<h2>Quota fill</h2>");
        if (run == null) {
            html.append("<p class=\"note\">No run summary: quota fill, LLM calls and failures come from the run"
                    + " (<code>generate --report</code>, or <code>report --journal WORK_DIR</code>).</p>");
            return;
        }
        html.append("<div class=\"cards\">");
        card("pairs owed", run.quota());
        card("roots owing", run.rootsOwing());
        card("roots filled", run.rootsFilled());
        card("pairs short", run.pairsShort());
        html.append("</div><div class=\"charts\">");
        figure("Roots by share of their quota", run.fill());
        html.append("</div>");
        if (!run.shortBy().isEmpty()) {
            html.append("<p>Roots left short, by first reason: ").append(Html.escape(counts(run.shortBy()))).append(".</p>");
            html.append("<table><tr><th>root</th><th>quota</th><th>records</th><th>why</th></tr>");
            run.shortRoots().forEach(s -> html.append("<tr><td>").append(Html.escape(s.rootId())).append("</td><td class=\"n\">")
                    .append(s.quota()).append("</td><td class=\"n\">").append(s.records()).append("</td><td>")
                    .append(Html.escape(s.why())).append("</td></tr>"));
            html.append("</table>");
        }
    }

    private void scoresAndGrounding() {
        DatasetReport.Scores s = report.scores();
        DatasetReport.Grounding g = report.grounding();
        html.append("<h2>Scores and grounding</h2><p>").append(SvgBars.format(s.scored())).append(" records scored, ")
                .append(SvgBars.format(s.unscored())).append(" unscored; ").append(SvgBars.format(g.checked()))
                .append(" answers grounding-checked, ").append(SvgBars.format(g.unchecked())).append(" not")
                .append(g.flags().isEmpty() ? "" : "; flagged: " + Html.escape(counts(g.flags()))).append(".</p><div class=\"charts\">");
        if (s.scored() > 0) {
            figure("Scorer scores", s.histogram());
        }
        if (g.checked() > 0) {
            figure("Grounding", g.histogram());
        }
        html.append("</div>");
        if (s.scored() > 0) {
            distribution("score", s.distribution());
        }
        if (g.checked() > 0) {
            distribution("grounding", g.distribution());
        }
    }

    private void llm() {
        DatasetReport.Run run = report.run();
        if (run == null) {
            return;
        }
        html.append("<h2>LLM calls and failures</h2>");
        if (!run.llmCalls().isEmpty()) {
            html.append("<div class=\"charts\">");
            chart("LLM calls by stage", run.llmCalls(), "stage");
            html.append("</div><table><tr><th>stage</th><th>calls</th><th>tokens in</th><th>tokens out</th></tr>");
            run.llmCalls().forEach((stage, calls) -> {
                TokenUsage t = run.tokens().getOrDefault(stage, TokenUsage.ZERO);
                html.append("<tr><td>").append(Html.escape(stage)).append("</td><td class=\"n\">").append(SvgBars.format(calls))
                        .append("</td><td class=\"n\">").append(SvgBars.format(t.inputTokens())).append("</td><td class=\"n\">")
                        .append(SvgBars.format(t.outputTokens())).append("</td></tr>");
            });
            html.append("</table>");
        } else {
            html.append("<p>No LLM calls (offline run).</p>");
        }
        html.append("<p>Failures by kind: ").append(run.failures().isEmpty() ? "none" : Html.escape(counts(run.failures())))
                .append(".</p><table>");
        run.summary().forEach((k, v) -> row(k.replace('_', ' '), Html.escape(v instanceof Map<?, ?> m ? counts(m) : String.valueOf(v))));
        html.append("</table>");
    }

    private void documents() {
        List<Count> docs = report.perDocument();
        html.append("<h2>Records per document and root</h2><div class=\"charts\">");
        List<Count> top = docs.subList(0, Math.min(20, docs.size()));
        html.append("<figure><figcaption>Records per document (").append(top.size() < docs.size() ? "top 20 of " : "")
                .append(docs.size()).append(")</figcaption>")
                .append(SvgBars.chart("Records per document", top.stream().map(Count::name).toList(),
                        top.stream().map(Count::count).toList(), "document"))
                .append("</figure></div>");
        distribution("records per root", report.recordsPerRoot());
    }

    private void figure(String caption, Histogram histogram) {
        List<String> labels = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        for (Bin bin : histogram.bins()) {
            labels.add(bin.label());
            counts.add(bin.count());
        }
        html.append("<figure><figcaption>").append(Html.escape(caption)).append("</figcaption>")
                .append(SvgBars.chart(caption, labels, counts, histogram.unit())).append("</figure>");
    }

    private void chart(String caption, Map<String, Long> counts, String axis) {
        html.append("<figure><figcaption>").append(Html.escape(caption)).append("</figcaption>")
                .append(SvgBars.chart(caption, List.copyOf(counts.keySet()), List.copyOf(counts.values()), axis))
                .append("</figure>");
    }

    private void distribution(String what, Distribution d) {
        html.append("<table><tr><th>").append(Html.escape(what))
                .append("</th><th>n</th><th>mean</th><th>min</th><th>p10</th><th>median</th><th>p90</th><th>max</th></tr><tr><td></td>");
        for (double v : new double[] {d.count(), d.mean(), d.min(), d.p10(), d.p50(), d.p90(), d.max()}) {
            html.append("<td class=\"n\">").append(SvgBars.format(v)).append("</td>");
        }
        html.append("</tr></table>");
    }

    private void card(String label, long value) {
        html.append("<div class=\"card\"><b>").append(SvgBars.format(value)).append("</b>").append(Html.escape(label)).append("</div>");
    }

    private void row(String label, String value) {
        html.append("<tr><td>").append(Html.escape(label)).append("</td><td class=\"n\">").append(value).append("</td></tr>");
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static String counts(Map<?, ?> counts) {
        if (counts.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((k, v) -> parts.add(k + " " + (v instanceof Number n ? SvgBars.format(n.doubleValue()) : v)));
        return String.join(", ", parts);
    }
}
