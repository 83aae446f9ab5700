package io.augcon.report;

import io.augcon.api.SftRecord;
import io.augcon.api.TextEncoder;
import io.augcon.api.internal.Knob;
import io.augcon.core.event.PipelineListener;
import io.augcon.core.filter.MinHashIndex;
import io.augcon.core.run.RunFacts;
import io.augcon.core.text.Tokenizer;
import io.augcon.report.DatasetReport.Count;
import io.augcon.report.DatasetReport.NearDuplicate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds a {@link DatasetReport} from records, one at a time, in one pass: feed it a records
 * file ({@link AugconRecords#forEach}) or register it as a listener of a run (it hears every
 * record written). Every record is tokenised once; the tokens feed distinct-n, ROUGE-L and the
 * MinHash near-duplicate index.
 *
 * <pre>{@code
 * ReportBuilder report = ReportBuilder.create().encoder(Encoders.byName("bge-small-zh")).sampleSize(2000);
 * AugconRecords.forEach(Path.of("sft.jsonl"), report::add);
 * DatasetReport numbers = report.build(RunFacts.readFrom(Path.of("work/")));
 * }</pre>
 *
 * <p>Memory grows with the corpus: per record its tokens (for ROUGE-L within its root), its
 * text (to show near-duplicate pairs) and its MinHash entry: 728 MB held for a million synthetic
 * records in {@code ReportBenchmark}, about 0.7 KB a record. Thread-safe.
 */
public final class ReportBuilder implements PipelineListener {
    private static final int EXAMPLES = 20;

    private TextEncoder encoder;
    private int sampleSize = 2000;
    private long seed;
    private double nearDuplicateThreshold = 0.7;
    private DiversityMeter diversity;
    private MinHashIndex index;
    private final TextStore texts = new TextStore();
    private final List<String> rootOfText = new ArrayList<>();
    private final Map<String, Integer> rootNumbers = new HashMap<>();
    private final Map<String, long[]> perDocument = new HashMap<>();
    private final Map<String, long[]> perRoot = new HashMap<>();
    private final Map<String, Long> languages = new TreeMap<>();
    private final Map<String, Long> models = new TreeMap<>();
    private final TreeMap<Integer, Long> depths = new TreeMap<>();
    private final Map<String, Long> flags = new TreeMap<>();
    private final NumberList queryChars = new NumberList();
    private final NumberList contextChars = new NumberList();
    private final NumberList scores = new NumberList();
    private final NumberList grounding = new NumberList();
    private final List<NearDuplicate> examples = new ArrayList<>();
    private long nearDuplicates;
    private long records;

    private ReportBuilder() {}

    /** A builder with a 2,000-query sample, near-duplicate threshold 0.7, seed 0 and no encoder. */
    public static ReportBuilder create() {
        return new ReportBuilder();
    }

    /** The in-process encoder for the embedding dispersion; without one it is not measured. */
    public synchronized ReportBuilder encoder(TextEncoder value) {
        this.encoder = value;
        return this;
    }

    /** Queries sampled for the corpus-wide ROUGE-L mean and the embedding dispersion (default 2,000). */
    public synchronized ReportBuilder sampleSize(int value) {
        Knob.atLeast("sampleSize", value, 2);
        beforeFirstRecord("sampleSize");
        this.sampleSize = value;
        return this;
    }

    /** Seed of the sample (default 0): the same records and seed give the same report. */
    public synchronized ReportBuilder seed(long value) {
        beforeFirstRecord("seed");
        this.seed = value;
        return this;
    }

    /** Jaccard similarity of word shingles at which queries of different roots are near-duplicates (default 0.7). */
    public synchronized ReportBuilder nearDuplicateThreshold(double value) {
        beforeFirstRecord("nearDuplicateThreshold");
        MinHashIndex.builder().threshold(value); // validates
        this.nearDuplicateThreshold = value;
        return this;
    }

    /** Adds one record. */
    public synchronized void add(SftRecord record) {
        if (diversity == null) {
            diversity = new DiversityMeter(sampleSize, seed);
            index = MinHashIndex.builder().threshold(nearDuplicateThreshold).seed(seed).build();
        }
        records++;
        perDocument.computeIfAbsent(record.documentId(), k -> new long[1])[0]++;
        perRoot.computeIfAbsent(record.rootId(), k -> new long[1])[0]++;
        languages.merge(record.language().code(), 1L, Long::sum);
        models.merge(record.model(), 1L, Long::sum);
        depths.merge(record.depth(), 1L, Long::sum);
        queryChars.add(record.query().codePointCount(0, record.query().length()));
        contextChars.add(record.context().codePointCount(0, record.context().length()));
        if (record.score() != null) {
            scores.add(record.score());
        }
        provenance(record);
        List<String> tokens = Tokenizer.tokens(record.query(), record.language());
        diversity.add(record.rootId(), record.query(), tokens);
        nearDuplicate(record, MinHashIndex.shingles(tokens));
    }

    /** Hears the records of a run it is registered with. */
    @Override
    public void recordWritten(SftRecord record) {
        add(record);
    }

    private void provenance(SftRecord record) {
        if (record.provenance().get("grounding") instanceof Number value) {
            grounding.add(value.doubleValue());
        }
        if (record.provenance().get("flags") instanceof Iterable<?> list) {
            list.forEach(flag -> flags.merge(String.valueOf(flag), 1L, Long::sum));
        }
    }

    private void nearDuplicate(SftRecord record, int[] shingles) {
        int root = rootNumbers.computeIfAbsent(record.rootId(), k -> rootNumbers.size());
        MinHashIndex.Match match = index.findInOtherGroup(shingles, root);
        if (match != null) {
            nearDuplicates++;
            if (examples.size() < EXAMPLES) {
                examples.add(new NearDuplicate(record.query(), record.rootId(), texts.get(match.item()),
                        rootOfText.get(match.item()), match.jaccard()));
            }
        }
        index.add(shingles, root);
        texts.add(record.query());
        rootOfText.add(record.rootId());
    }

    /**
     * The report of the records added so far.
     *
     * @param run the run's facts (quota fill, LLM calls, failures), or {@code null} when only
     *     the records are known
     */
    public synchronized DatasetReport build(RunFacts run) {
        DiversityMeter meter = diversity != null ? diversity : new DiversityMeter(sampleSize, seed);
        NumberList perRootCounts = new NumberList();
        perRoot.values().forEach(c -> perRootCounts.add(c[0]));
        return new DatasetReport(
                new DatasetReport.Totals(records, perDocument.size(), perRoot.size(), languages, models),
                perDocument(),
                perRootCounts.distribution(),
                depthHistogram(),
                contextChars.histogram("characters", 0, 50, 100, 200, 300, 400, 500),
                queryChars.histogram("characters", 0, 20, 40, 60, 80, 100, 150),
                queryChars.distribution(),
                meter.result(encoder),
                new DatasetReport.NearDuplicates(nearDuplicateThreshold, nearDuplicates, List.copyOf(examples)),
                new DatasetReport.Scores(scores.size(), records - scores.size(), scores.distribution(),
                        scores.equalBins("score", 10)),
                new DatasetReport.Grounding(grounding.size(), records - grounding.size(), grounding.distribution(),
                        grounding.histogram("share of answer words in the context", 0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6,
                                0.7, 0.8, 0.9, 1.0),
                        flags),
                run == null ? null : RunSection.of(run));
    }

    private List<Count> perDocument() {
        List<Count> out = new ArrayList<>(perDocument.size());
        perDocument.forEach((document, count) -> out.add(new Count(document, count[0])));
        out.sort(Comparator.comparingLong(Count::count).reversed().thenComparing(Count::name));
        return out;
    }

    private DatasetReport.Histogram depthHistogram() {
        List<DatasetReport.Bin> bins = new ArrayList<>();
        int deepest = depths.isEmpty() ? -1 : depths.lastKey();
        for (int depth = 0; depth <= deepest; depth++) {
            bins.add(new DatasetReport.Bin(Integer.toString(depth), depth, depth + 1.0, depths.getOrDefault(depth, 0L)));
        }
        return new DatasetReport.Histogram("depth", bins);
    }

    private void beforeFirstRecord(String knob) {
        if (records > 0) {
            throw new IllegalStateException(knob + " must be set before the first record is added");
        }
    }
}
