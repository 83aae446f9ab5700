package io.augcon.spark;

import io.augcon.api.Language;
import io.augcon.api.SftRecord;
import io.augcon.core.filter.MinHashIndex;
import io.augcon.core.internal.run.CrossRootDedup;
import io.augcon.core.text.Tokenizer;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Cross-root near-duplicate removal ({@code selection.global_dedup}) as Spark stages over the
 * whole output, keeping exactly the records a single-JVM run keeps.
 *
 * <p>A single run offers every record, in corpus order, to {@link CrossRootDedup}: a record is
 * refused when an accepted record of another root shares a MinHash band bucket with it and their
 * query shingles' Jaccard similarity is at least the threshold; the index scans at most {@link
 * MinHashIndex#maxBucketScan()} items per bucket. The decision is sequential (a refused record is
 * not in the index, so it refuses nothing later), so here it is made in three steps:
 * <ol>
 *   <li>Each record gets its corpus position (its partition, then its place in the partition's
 *       output, which the tasks write in corpus order), and the generated records are
 *       checkpointed, so that the steps below read them without asking the LLM again.</li>
 *   <li>A shuffle keyed by band and bucket ({@link MinHashIndex#buckets}, the single run's own
 *       buckets) finds the records whose decision can be other than "kept": in a bucket of at most
 *       {@code maxBucketScan} records, the two records of each pair from different roots at or
 *       above the threshold; in a larger bucket, all its records, since there the scan limit
 *       decides which earlier records are seen. Every other record is kept by a single run too: it
 *       has no pair at or above the threshold in any bucket it shares.</li>
 *   <li>Those records, in corpus order in one task, go through {@link CrossRootDedup} itself. Each
 *       bucket that holds a qualifying pair is then either small (no scan limit reached) or large
 *       and whole here, so every check sees what the single run's check saw. The refused
 *       positions, a small set, are broadcast and removed from the records, which keep their
 *       partitions and order.</li>
 * </ol>
 */
final class NearDuplicates {
    /** The column that holds a record's corpus position while the stage runs. */
    static final String POSITION = "_augcon_position";
    private static final String REFUSED = "_augcon_refused";
    /** Bits of a position that number the records within their partition. */
    private static final int ROW_BITS = 40;

    private NearDuplicates() {}

    /**
     * {@code records} without the near-duplicates a single run over the same corpus drops. The
     * records are generated and checkpointed now (the LLM is asked here); the removal runs with
     * the caller's action.
     *
     * @param records   rows of {@link RecordRows#schema()}, partitions and rows in corpus order
     * @param threshold the Jaccard threshold of {@code selection.global_dedup_threshold}
     */
    static Dataset<Row> removed(Dataset<Row> records, double threshold) {
        SparkSession spark = records.sparkSession();
        StructType positioned = RecordRows.schema().add(POSITION, DataTypes.LongType, false);
        JavaRDD<Row> numbered = records.javaRDD().mapPartitionsWithIndex(NearDuplicates::numbered, true);
        Dataset<Row> generated = spark.createDataFrame(numbered, positioned);
        // Read twice below: checkpointed, so the second read does not ask the LLM again.
        generated = spark.sparkContext().getCheckpointDir().isDefined() ? generated.checkpoint(true)
                : generated.localCheckpoint(true);

        JavaRDD<Long> undecided = generated.select(POSITION, "root_id", "query", "language").javaRDD()
                .mapPartitionsToPair(new Buckets(threshold))
                .groupByKey()
                .flatMap(new Undecided(threshold))
                .distinct();
        Dataset<Row> undecidedPositions = spark.createDataset(undecided.rdd(), Encoders.LONG()).toDF(POSITION);
        Dataset<Long> refused = generated.join(undecidedPositions, POSITION)
                .repartition(1)
                .sortWithinPartitions(POSITION)
                .mapPartitions(new Replay(threshold), Encoders.LONG());
        // A broadcast join: the records keep their partitions and order, and the refused are few.
        Dataset<Row> refusedPositions = functions.broadcast(refused.toDF(REFUSED));
        return generated.join(refusedPositions, generated.col(POSITION).equalTo(refusedPositions.col(REFUSED)), "left_anti")
                .drop(POSITION);
    }

    private static Iterator<Row> numbered(Integer partition, Iterator<Row> rows) {
        long base = (long) partition << ROW_BITS;
        return new Iterator<>() {
            private long row;

            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                Row record = rows.next();
                Object[] values = new Object[record.size() + 1];
                for (int i = 0; i < record.size(); i++) {
                    values[i] = record.get(i);
                }
                values[record.size()] = base + row++;
                return RowFactory.create(values);
            }
        };
    }

    /** The single run's index, as {@code AugCon} builds it for the threshold. */
    private static MinHashIndex index(double threshold) {
        return MinHashIndex.builder().threshold(threshold).build();
    }

    private static int[] shingles(String query, String language) {
        return MinHashIndex.shingles(Tokenizer.tokens(query, Language.fromCode(language)));
    }

    /** A record as a bucket holds it: its position, root and shingle set. */
    private record Member(long position, String root, int[] shingles) implements Serializable {}

    /** Each record under the bucket of each band: key {@code band << 32 | bucket}. */
    private static final class Buckets implements
            PairFlatMapFunction<Iterator<Row>, Long, Member> {
        private static final long serialVersionUID = 1L;
        private final double threshold;

        Buckets(double threshold) {
            this.threshold = threshold;
        }

        @Override
        public Iterator<Tuple2<Long, Member>> call(Iterator<Row> rows) {
            MinHashIndex index = index(threshold);
            List<Tuple2<Long, Member>> out = new ArrayList<>();
            return new Iterator<>() {
                private int next;

                @Override
                public boolean hasNext() {
                    while (next == out.size() && rows.hasNext()) {
                        out.clear();
                        next = 0;
                        Row row = rows.next();
                        int[] shingles = shingles(row.getString(2), row.getString(3));
                        int[] buckets = index.buckets(shingles);
                        Member member = new Member(row.getLong(0), row.getString(1), shingles);
                        for (int band = 0; band < buckets.length; band++) {
                            out.add(new Tuple2<>(((long) band << 32) | (buckets[band] & 0xFFFFFFFFL), member));
                        }
                    }
                    return next < out.size();
                }

                @Override
                public Tuple2<Long, Member> next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return out.get(next++);
                }
            };
        }
    }

    /**
     * The positions of a bucket whose records a single run may refuse: all of a bucket larger than
     * the scan limit that holds two roots, else both records of each pair from two roots at or
     * above the threshold.
     */
    private static final class Undecided implements
            FlatMapFunction<Tuple2<Long, Iterable<Member>>, Long> {
        private static final long serialVersionUID = 1L;
        private final double threshold;

        Undecided(double threshold) {
            this.threshold = threshold;
        }

        @Override
        public Iterator<Long> call(Tuple2<Long, Iterable<Member>> bucket) {
            List<Member> members = new ArrayList<>();
            Set<String> roots = new HashSet<>();
            for (Member member : bucket._2()) {
                members.add(member);
                roots.add(member.root());
            }
            Set<Long> out = new HashSet<>();
            if (roots.size() < 2) {
                return out.iterator();
            }
            if (members.size() > index(threshold).maxBucketScan()) {
                members.forEach(member -> out.add(member.position()));
                return out.iterator();
            }
            for (int i = 0; i < members.size(); i++) {
                for (int j = i + 1; j < members.size(); j++) {
                    Member a = members.get(i);
                    Member b = members.get(j);
                    if (!a.root().equals(b.root()) && MinHashIndex.jaccard(a.shingles(), b.shingles()) >= threshold) {
                        out.add(a.position());
                        out.add(b.position());
                    }
                }
            }
            return out.iterator();
        }
    }

    /** The single run's check over the undecided records in corpus order: the positions it refuses. */
    private static final class Replay implements MapPartitionsFunction<Row, Long> {
        private static final long serialVersionUID = 1L;
        private final double threshold;

        Replay(double threshold) {
            this.threshold = threshold;
        }

        @Override
        public Iterator<Long> call(Iterator<Row> rows) {
            CrossRootDedup dedup = new CrossRootDedup(index(threshold));
            return new Iterator<>() {
                private Long next;

                @Override
                public boolean hasNext() {
                    while (next == null && rows.hasNext()) {
                        Row row = rows.next();
                        if (dedup.check(record(row)) != null) {
                            next = row.getLong(row.fieldIndex(POSITION));
                        }
                    }
                    return next != null;
                }

                @Override
                public Long next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    Long position = next;
                    next = null;
                    return position;
                }
            };
        }

        /** The fields the check reads (id, query, root, language), with the rest as the row has them. */
        private static SftRecord record(Row row) {
            return new SftRecord(row.getAs("id"), row.getAs("query"), row.getAs("response"), row.getAs("context"),
                    row.getAs("document_id"), row.getAs("root_id"), row.<Integer>getAs("depth"), row.getAs("score"),
                    Language.fromCode(row.getAs("language")), row.<Integer>getAs("root_start"),
                    row.<Integer>getAs("root_end"), row.getAs("model"), null);
        }
    }
}
