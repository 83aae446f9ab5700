package io.augcon.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.api.Language;
import io.augcon.api.SftRecord;
import io.augcon.core.filter.MinHashIndex;
import io.augcon.core.internal.run.CrossRootDedup;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Spark stage keeps exactly the records a single run's cross-root check keeps, on records made
 * to be hard for it: formulaic questions that crowd MinHash buckets past the index's scan limit,
 * so that whether a repeat is caught depends on what the single run's index holds and scans.
 */
class NearDuplicatesTest {
    private static final double THRESHOLD = 0.9;
    private static SparkSession spark;
    private static List<SftRecord> corpus;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start();
        corpus = formulaic(new Random(3));
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @ParameterizedTest(name = "{0} partitions")
    @ValueSource(ints = {1, 2, 5})
    void theStageKeepsWhatASingleRunsCheckKeepsInCorpusOrder(int partitions) {
        List<String> single = kept(corpus, MinHashIndex.builder().threshold(THRESHOLD).build());
        List<String> unlimited = kept(corpus, MinHashIndex.builder().threshold(THRESHOLD).maxBucketScan(1_000_000).build());
        assertThat(single).as("some records are dropped").hasSizeLessThan(corpus.size());
        assertThat(single).as("the scan limit changes the outcome here").isNotEqualTo(unlimited);

        List<Row> rows = corpus.stream().map(RecordRows::toRow).toList();
        // parallelize cuts the list into contiguous slices: the partitions hold the corpus in order.
        Dataset<Row> records = spark.createDataFrame(
                JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, partitions), RecordRows.schema());

        Dataset<Row> deduplicated = NearDuplicates.removed(records, THRESHOLD);

        assertThat(deduplicated.schema()).isEqualTo(RecordRows.schema());
        assertThat(deduplicated.collectAsList().stream().map(row -> row.<String>getAs("id")).toList())
                .containsExactlyElementsOf(single);
    }

    /** The ids a single run keeps: every record offered to its check in corpus order. */
    private static List<String> kept(List<SftRecord> records, MinHashIndex index) {
        CrossRootDedup dedup = new CrossRootDedup(index);
        List<String> kept = new ArrayList<>();
        for (SftRecord record : records) {
            if (dedup.check(record) == null) {
                kept.add(record.id());
            }
        }
        return kept;
    }

    /**
     * Questions of twelve words from one template, each with one or two words changed, three to a
     * root: they share many buckets with the template and one another (Jaccard about 0.6 to 0.8,
     * below the threshold), so buckets hold far more than the 64 records a lookup scans. Among
     * them, repeats of earlier questions (Jaccard 1) at short and long distances, and the template
     * itself every hundred questions, whose buckets are all crowded.
     */
    private static List<SftRecord> formulaic(Random random) {
        List<String> template = new ArrayList<>();
        for (int w = 0; w < 12; w++) {
            template.add(word(random));
        }
        List<String> queries = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            if (i == 0 || i % 100 == 99) {
                // The template itself: it files under the crowded buckets only.
                queries.add(String.join(" ", template) + "?");
                continue;
            }
            if (i % 20 == 19) {
                int back = random.nextBoolean() || i < 500 ? 1 + random.nextInt(10) : 400 + random.nextInt(i - 400);
                queries.add(queries.get(i - back));
                continue;
            }
            List<String> words = new ArrayList<>(template);
            for (int change = 0; change < 1 + random.nextInt(2); change++) {
                words.set(random.nextInt(words.size()), word(random));
            }
            queries.add(String.join(" ", words) + "?");
        }
        List<SftRecord> records = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
            String root = "doc-" + (i / 3) + "#0";
            records.add(new SftRecord("r" + i, queries.get(i), "an answer", "a context", "doc-" + (i / 3), root, 0, null,
                    Language.EN, 0, 10, "scripted", null));
        }
        return records;
    }

    private static String word(Random random) {
        StringBuilder word = new StringBuilder();
        for (int c = 0; c < 6; c++) {
            word.append((char) ('a' + random.nextInt(26)));
        }
        return word.toString();
    }
}
