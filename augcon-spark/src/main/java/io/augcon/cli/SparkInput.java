package io.augcon.cli;

import io.augcon.api.Document;
import io.augcon.api.Language;
import io.augcon.core.corpus.CorpusReader;
import io.augcon.core.event.BadInput;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The launcher's {@code --input} as a {@code Dataset<Row>} of documents (columns {@code id},
 * {@code text}, {@link #LANGUAGE}), read as {@code augcon generate} reads it so that documents get
 * the same ids:
 * <ul>
 *   <li>a file or directory of {@code .txt}, {@code .md}, {@code .jsonl} files: listed on the driver
 *       (names only) and read on the executors by the core's own {@link CorpusReader}, each file as
 *       a stream, with bad input named and skipped as in the CLI (or failing the job with
 *       {@code --strict});</li>
 *   <li>a Parquet file or directory: text from the first of {@code text}, {@code article},
 *       {@code context}; id from {@code id}, else {@code file:row} as a JSONL line's
 *       {@code file:line}; language from {@code language} or {@code lang}.</li>
 * </ul>
 * Paths are Hadoop paths: a local directory, {@code hdfs://...}, {@code s3a://...}.
 */
final class SparkInput {
    /** The documents' declared-language column. */
    static final String LANGUAGE = "language";

    private static final StructType DOCUMENTS = new StructType()
            .add("id", DataTypes.StringType)
            .add("text", DataTypes.StringType)
            .add(LANGUAGE, DataTypes.StringType);
    private static final List<String> TEXT_COLUMNS = List.of("text", "article", "context");

    private SparkInput() {}

    /**
     * The documents under {@code input}.
     *
     * @param partitions the partitions wanted, or null for one per file (Parquet: Spark's own split)
     * @throws NoSuchFileException      naming {@code input} when it does not exist
     * @throws IllegalArgumentException when it holds no corpus file, or both corpus and Parquet files
     */
    static Dataset<Row> read(SparkSession spark, String input, boolean strict, Integer partitions) throws IOException {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        Path root = new Path(input);
        FileSystem fs = root.getFileSystem(hadoop);
        if (!fs.exists(root)) {
            throw new NoSuchFileException(input, null, "corpus input does not exist");
        }
        FileStatus status = fs.getFileStatus(root);
        List<String> corpusFiles = new ArrayList<>();
        boolean parquet = false;
        if (status.isFile()) {
            parquet = isParquet(root.getName());
            if (!parquet && !CorpusReader.isCorpusFile(root.getName())) {
                throw new IllegalArgumentException(input + ": unsupported corpus file type, expected .txt, .md, .jsonl or .parquet");
            }
            if (!parquet) {
                corpusFiles.add(root.getName());
            }
        } else {
            String prefix = fs.makeQualified(root).toUri().getPath();
            RemoteIterator<LocatedFileStatus> files = fs.listFiles(root, true);
            while (files.hasNext()) {
                String relative = relative(prefix, files.next().getPath().toUri().getPath());
                if (CorpusReader.isCorpusFile(relative)) {
                    corpusFiles.add(relative);
                } else if (isParquet(relative) && !hidden(relative)) {
                    parquet = true;
                }
            }
            if (parquet && !corpusFiles.isEmpty()) {
                throw new IllegalArgumentException(input + " holds both Parquet files and .txt/.md/.jsonl files; give one kind");
            }
        }
        if (!parquet && corpusFiles.isEmpty()) {
            throw new IllegalArgumentException(input + ": no .txt, .md, .jsonl or .parquet file found");
        }
        Path qualified = fs.makeQualified(root);
        Path base = status.isFile() ? qualified.getParent() : qualified;
        Dataset<Row> documents = parquet ? parquet(spark, input) : corpus(spark, base, corpusFiles, strict, partitions);
        return partitions == null || documents.rdd().getNumPartitions() == partitions ? documents : documents.repartition(partitions);
    }

    /** The text files' documents: one slice per file (or fewer), each file read where its slice runs. */
    private static Dataset<Row> corpus(SparkSession spark, Path root, List<String> files, boolean strict, Integer partitions) {
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        files.sort(null);
        Map<String, String> settings = new HashMap<>();
        spark.sparkContext().hadoopConfiguration().forEach(e -> settings.put(e.getKey(), e.getValue()));
        Broadcast<Map<String, String>> hadoop = context.broadcast(settings);
        int slices = Math.max(1, Math.min(files.size(), partitions != null ? partitions : files.size()));
        JavaRDD<Row> rows = context.parallelize(files, slices)
                .mapPartitions(new ReadFiles(root.toString(), hadoop, strict));
        return spark.createDataFrame(rows, DOCUMENTS);
    }

    /** A Parquet input's documents, its columns mapped as a JSONL line's fields are. */
    private static Dataset<Row> parquet(SparkSession spark, String input) {
        Dataset<Row> table = spark.read().parquet(input);
        List<String> columns = Arrays.asList(table.columns());
        String text = TEXT_COLUMNS.stream().filter(columns::contains).findFirst().orElseThrow(() -> new IllegalArgumentException(
                input + ": no text column (looked for text, article and context); the columns are " + columns));
        Column id = columns.contains("id") ? table.col("id").cast(DataTypes.StringType)
                : functions.concat(functions.element_at(functions.split(table.col("_metadata.file_path"), "/"), -1),
                        functions.lit(":"), table.col("_metadata.row_index").plus(1).cast(DataTypes.StringType));
        String languageColumn = columns.contains(LANGUAGE) ? LANGUAGE : columns.contains("lang") ? "lang" : null;
        Column language = languageColumn == null ? functions.lit(null).cast(DataTypes.StringType)
                : table.col(languageColumn).cast(DataTypes.StringType);
        return table.select(id.as("id"), table.col(text).as("text"), language.as(LANGUAGE));
    }

    private static boolean isParquet(String name) {
        return name.toLowerCase(java.util.Locale.ROOT).endsWith(".parquet");
    }

    private static boolean hidden(String relative) {
        return Arrays.stream(relative.split("/")).anyMatch(n -> n.startsWith(".") || n.startsWith("_"));
    }

    private static String relative(String prefix, String path) {
        String base = prefix.endsWith("/") ? prefix : prefix + "/";
        return path.startsWith(base) ? path.substring(base.length()) : path;
    }

    /** A slice of corpus files read on an executor, one file open at a time, as rows. */
    private static final class ReadFiles implements FlatMapFunction<Iterator<String>, Row> {
        private static final long serialVersionUID = 1L;
        private static final System.Logger LOG = System.getLogger(SparkInput.class.getName());

        private final String root;
        private final Broadcast<Map<String, String>> hadoop;
        private final boolean strict;

        ReadFiles(String root, Broadcast<Map<String, String>> hadoop, boolean strict) {
            this.root = root;
            this.hadoop = hadoop;
            this.strict = strict;
        }

        @Override
        public Iterator<Row> call(Iterator<String> files) throws IOException {
            Configuration conf = new Configuration(false);
            hadoop.value().forEach(conf::set);
            Path base = new Path(root);
            FileSystem fs = base.getFileSystem(conf);
            CorpusReader reader = CorpusReader.builder().strict(strict).onBadInput(ReadFiles::skipped).build();
            return new Iterator<>() {
                private Stream<Document> open;
                private Iterator<Document> current = java.util.Collections.emptyIterator();

                @Override
                public boolean hasNext() {
                    while (!current.hasNext()) {
                        close();
                        if (!files.hasNext()) {
                            return false;
                        }
                        String name = files.next();
                        try {
                            open = reader.read(name, fs.open(new Path(base, name)));
                        } catch (IOException e) {
                            throw new UncheckedIOException(root + "/" + name + ": " + e.getMessage(), e);
                        }
                        current = open.iterator();
                    }
                    return true;
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    Document document = current.next();
                    return RowFactory.create(document.id(), document.text(),
                            document.declaredLanguage().map(Language::code).orElse(null));
                }

                private void close() {
                    if (open != null) {
                        open.close();
                        open = null;
                    }
                }
            };
        }

        /** A skipped document, said as the CLI says it. */
        private static void skipped(BadInput bad) {
            LOG.log(System.Logger.Level.WARNING, "augcon: skipped " + bad.source() + ": " + bad.reason());
        }
    }
}
