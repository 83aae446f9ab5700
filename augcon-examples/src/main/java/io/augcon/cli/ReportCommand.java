package io.augcon.cli;

import io.augcon.core.run.RunFacts;
import io.augcon.report.AugconRecords;
import io.augcon.report.DatasetReport;
import io.augcon.report.ReportBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code augcon report}: the dataset report of a records file, as HTML and/or JSON. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "Report what a run produced and left out: counts, quota fill, granularity, diversity, near-duplicates.")
final class ReportCommand implements Callable<Integer>, ExitCodes.ReadsUserFiles {
    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE|DIR",
            description = "Records in the augcon format (JSONL), or a Spark job's output directory of JSONL part files.")
    Path input;

    @Option(names = "--journal", paramLabel = "DIR",
            description = "The run's work dir: its " + RunFacts.FILE_NAME + " adds quota fill, LLM calls and failures.")
    Path journal;

    @Option(names = "--output", paramLabel = "FILE", description = "Where the self-contained HTML report goes.")
    Path output;

    @Option(names = "--json", paramLabel = "FILE", description = "Where the same numbers go as JSON.")
    Path json;

    @Option(names = "--encoder", paramLabel = "NAME", defaultValue = "bge-small-zh",
            description = "Encoder for the embedding dispersion: bge-small-zh, bge-small-en or none (default: ${DEFAULT-VALUE}).")
    String encoder;

    @Option(names = "--sample", paramLabel = "N", defaultValue = "2000",
            description = "Queries sampled for the corpus-wide ROUGE-L and the embedding dispersion (default: ${DEFAULT-VALUE}).")
    int sample;

    @Option(names = "--near-duplicate-threshold", paramLabel = "X", defaultValue = "0.7",
            description = "Jaccard similarity of word shingles at which queries of two roots are near-duplicates (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Seed of the sample (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws IOException {
        return report(spec.commandLine().getErr());
    }

    private int report(PrintWriter err) throws IOException {
        if (output == null && json == null) {
            throw new IllegalArgumentException("report: give --output FILE (HTML) and/or --json FILE");
        }
        if (!Files.isRegularFile(input) && !Files.isDirectory(input)) {
            throw new NoSuchFileException(input.toString());
        }
        RunFacts facts = journal == null ? null : RunFacts.readFrom(journal);
        long started = System.nanoTime();
        ReportBuilder builder = ReportBuilder.create().sampleSize(sample).seed(seed).nearDuplicateThreshold(threshold)
                .encoder(ReportOptions.encoder(encoder));
        long records = AugconRecords.forEach(input, builder::add);
        DatasetReport dataset = builder.build(facts);
        ReportOptions.write(dataset, output, json, err);
        spec.commandLine().getOut().println(String.format(Locale.ROOT, "reported on %d records from %s in %.1f s", records,
                input, (System.nanoTime() - started) / 1e9));
        return 0;
    }
}
