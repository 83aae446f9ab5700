package io.augcon.spark;

import io.augcon.api.Document;
import io.augcon.api.Language;
import io.augcon.api.RootContext;
import io.augcon.core.AugCon;
import io.augcon.core.AugConBuilder;
import io.augcon.core.config.AugConConfig;
import io.augcon.core.corpus.Chunker;
import io.augcon.core.corpus.RootCutter;
import io.augcon.core.event.SearchReport;
import io.augcon.core.filter.Quota;
import io.augcon.core.llm.CachingBackend;
import io.augcon.core.respond.CorpusOutlook;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The demonstration search of a Spark job, run once on the driver before the map, as a single-JVM
 * run over the whole corpus runs it. First a counting pass over the documents (one Spark job,
 * cheap: each document is cut into roots as a run cuts it, and no LLM is asked) gives the whole
 * corpus's outlook: the pairs owed per language and whether the roots fit in the window of roots
 * a single run holds at once, which is when that run knows its corpus in full ({@code
 * CorpusReadAhead}). Then a pipeline built on the driver from the job's configuration and factory
 * searches each language the corpus owes pairs in, with the automatic budget sized for that
 * outlook ({@link io.augcon.core.respond.SearchScaling}), and the reports go to the tasks in the
 * plan, which do not search ({@link AugConBuilder#searchedDemonstrations}).
 *
 * <pre>{@code
 * List<SearchReport> once = DemonstrationPass.search(input, config, stages, null);   // input: text, id, language
 * }</pre>
 */
final class DemonstrationPass {
    private static final System.Logger LOG = System.getLogger(DemonstrationPass.class.getName());
    /** Where the driver keeps its answers in a job's work directory; every task reads them too. */
    static final String DRIVER_ANSWERS = "answers/driver";

    private DemonstrationPass() {}

    /**
     * The job's demonstration searches; none (and no counting pass) when the factory's answering
     * step is not the default one.
     *
     * @param input   the documents as {@link DocumentRows} reads them: text, id as a string, declared language
     * @param config  the job's configuration, with the whole job's concurrency (not a task's share)
     * @param stages  the job's live objects, built here on the driver too
     * @param workDir the job's work directory, where the search's answers are kept and found
     *                ({@code answers/driver/}); {@code null} for none
     * @throws CancellationException when the driver's thread is interrupted during the search
     */
    static List<SearchReport> search(Dataset<Row> input, AugConConfig config, StageFactory stages, String workDir) {
        AugConBuilder builder = AugCon.builder().config(config);
        stages.configure(builder);
        List<SearchReport> reports;
        try (AttemptAnswers answers = workDir == null ? null
                : AttemptAnswers.open(Path.of(workDir, DRIVER_ANSWERS), "search-" + UUID.randomUUID() + ".jsonl")) {
            if (answers != null) {
                builder.decorate(llm -> new CachingBackend(llm, answers));
            }
            reports = builder.build().searchDemonstrations(() -> outlook(input, config));
        } catch (IOException e) {
            throw new UncheckedIOException("work dir " + workDir + ": cannot keep the demonstration search's answers", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted during the job's demonstration search");
        }
        for (SearchReport report : reports) {
            LOG.log(System.Logger.Level.INFO, "augcon: demonstrations " + report.describe());
        }
        return reports;
    }

    /**
     * The whole corpus's outlook: pairs owed per language by every root, complete when the roots
     * are no more than the single-JVM run's window ({@code execution.max_roots_in_progress},
     * resolved for the job's concurrency). A corpus past the window is not known in full to a
     * single run either, whose search then keeps the default budget.
     */
    static CorpusOutlook outlook(Dataset<Row> input, AugConConfig config) {
        long[] counts = input.javaRDD().mapPartitions(new RootCount(config.toJson())).reduce(DemonstrationPass::sum);
        Map<Language, Long> pairs = new EnumMap<>(Language.class);
        for (Language language : Language.values()) {
            if (counts[language.ordinal()] > 0) {
                pairs.put(language, counts[language.ordinal()]);
            }
        }
        long roots = counts[Language.values().length];
        int window = config.execution().resolvedMaxRootsInProgress(config.llm().concurrency());
        return new CorpusOutlook(pairs, roots <= window);
    }

    private static long[] sum(long[] a, long[] b) {
        long[] total = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            total[i] = a[i] + b[i];
        }
        return total;
    }

    /**
     * A partition's pairs owed per language (indexed by {@link Language#ordinal()}) and, last, its
     * roots: the documents cut as {@code AugCon.run} cuts them. Bad rows are skipped without a word
     * here: the generating pass reports them, or fails on them in strict mode.
     */
    private static final class RootCount implements FlatMapFunction<Iterator<Row>, long[]> {
        private static final long serialVersionUID = 1L;
        private final String configJson;

        RootCount(String configJson) {
            this.configJson = configJson;
        }

        @Override
        public Iterator<long[]> call(Iterator<Row> rows) {
            AugConConfig config = AugConConfig.fromJson(configJson);
            RootCutter cutter = new RootCutter(new Chunker(config.corpus()), config.corpus().language());
            Quota quota = config.selection().quota();
            long[] counts = new long[Language.values().length + 1];
            TaskContext task = TaskContext.get();
            Iterator<Document> documents = new DocumentRows(rows, task == null ? -1 : task.partitionId(), "text", "id",
                    bad -> { });
            while (documents.hasNext()) {
                Document document = documents.next();
                List<RootContext> roots = cutter.cut(document, cutter.languageOf(document), 0, dropped -> { });
                for (RootContext root : roots) {
                    counts[root.language().ordinal()] += quota.pairsFor(root);
                }
                counts[Language.values().length] += roots.size();
            }
            return List.of(counts).iterator();
        }
    }
}
