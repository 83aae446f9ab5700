package io.augcon.cli;

import io.augcon.api.TextEncoder;
import io.augcon.core.AugConBuilder;
import io.augcon.core.run.RunFacts;
import io.augcon.core.run.RunSummary;
import io.augcon.report.DatasetReport;
import io.augcon.report.HtmlReport;
import io.augcon.report.ReportBuilder;
import io.augcon.report.ReportJson;
import io.augcon.report.RunLedger;
import io.augcon.scorer.Encoders;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code generate}'s dataset-report options, kept apart from the command so they read as one
 * feature: a run always leaves its {@value RunFacts#FILE_NAME} in the work directory, and with
 * {@code --report} it also writes the report of what it produced. They change no record, so a
 * resume may change them (cross-root dedup, which does, is a {@link CorpusOptions} knob).
 */
final class ReportOptions {
    @Option(names = "--report", paramLabel = "FILE",
            description = "At the end of the run, write the dataset report (one self-contained HTML file) here.")
    Path report;

    @Option(names = "--report-json", paramLabel = "FILE", description = "At the end of the run, write the report's numbers as JSON here.")
    Path reportJson;

    @Option(names = "--report-encoder", paramLabel = "NAME", defaultValue = "bge-small-zh",
            description = "Encoder for the report's embedding dispersion: bge-small-zh, bge-small-en or none (default: ${DEFAULT-VALUE}).")
    String reportEncoder;

    private final RunLedger ledger = new RunLedger();
    private ReportBuilder records;

    /** Registers the ledger and, when a report is asked for, the report's record listener with the pipeline. */
    void applyTo(AugConBuilder builder) {
        builder.listener(ledger);
        if (report != null || reportJson != null) {
            records = ReportBuilder.create().encoder(encoder(reportEncoder));
            builder.listener(records);
        }
    }

    /** Writes the run's facts into {@code workDir} and, when asked, the report. */
    void finish(RunSummary summary, Path workDir, PrintWriter err) throws IOException {
        RunFacts facts = ledger.facts(summary);
        Path written = facts.writeTo(workDir);
        if (records == null) {
            return;
        }
        DatasetReport dataset = records.build(facts);
        write(dataset, report, reportJson, err);
        err.println("augcon: run facts in " + written);
    }

    static void write(DatasetReport dataset, Path html, Path json, PrintWriter err) throws IOException {
        if (html != null) {
            HtmlReport.write(dataset, html);
            err.println("augcon: wrote the dataset report to " + html);
        }
        if (json != null) {
            ReportJson.write(dataset, json);
            err.println("augcon: wrote the report's numbers to " + json);
        }
    }

    /** The named encoder, or {@code null} for {@code none}. */
    static TextEncoder encoder(String name) {
        return "none".equals(name.strip().toLowerCase(Locale.ROOT)) ? null : Encoders.byName(name);
    }
}
