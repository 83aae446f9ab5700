package io.augcon.core.corpus;

import io.augcon.api.Document;
import io.augcon.core.event.BadInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads a corpus as a lazy stream of documents, the input of Step 0.
 *
 * <p>Corpora are large and messy, so reading streams (one file open at a time, JSONL line by
 * line; nothing is read before it is asked for) and a bad document is reported and skipped
 * rather than ending the run, unless the reader is strict.
 *
 * <ul>
 *   <li>The input is a file or a directory, recursed in order of relative path; hidden files and
 *       directories (name starting with '.') are skipped, and so are files other than
 *       {@code .txt}, {@code .md} and {@code .jsonl} (any case).
 *   <li>{@code .txt} and {@code .md}: one document per file; id and source are the path relative
 *       to the input with '/' separators (for a file given directly, its name).
 *   <li>{@code .jsonl}: one document per non-blank line; text in the first of {@code text},
 *       {@code article}, {@code context} that is present and not null; id from {@code id}
 *       (string or number) or else {@code path:line}; source {@code path:line}; language from
 *       {@code language} or {@code lang} when it is {@code en} or {@code zh} (region subtags
 *       allowed), else null.
 *   <li>Bad input: invalid UTF-8 (decoded strictly; a leading BOM is dropped); a JSONL line that
 *       does not parse, is not an object, or lacks a non-blank string text; a blank id; an empty
 *       or whitespace-only text file; an id already seen in this run. Each costs only its own
 *       document (one bad byte loses one JSONL line).
 * </ul>
 *
 * <pre>{@code
 * CorpusReader reader = CorpusReader.builder()
 *         .onBadInput(bad -> System.err.println("skipped " + bad))
 *         .build();
 * try (Stream<Document> documents = reader.read(Path.of("corpus"))) {
 *     documents.forEach(doc -> System.out.println(doc.id()));
 * }
 * }</pre>
 *
 * <p>A reader is immutable and can serve any number of {@link #read} calls; duplicate ids are
 * tracked per call.
 */
public final class CorpusReader {

    private static final System.Logger LOG = System.getLogger(CorpusReader.class.getName());

    private final boolean strict;
    private final Consumer<BadInput> onBadInput;

    private CorpusReader(Builder builder) {
        this.strict = builder.strict;
        this.onBadInput = builder.onBadInput;
    }

    /** A builder for a lenient reader that logs bad input as warnings; see {@link Builder}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The documents under {@code input}, read as the stream is consumed. Close the stream (e.g.
     * with try-with-resources) to release the file being read. Consuming it may throw
     * {@link BadInputException} (strict mode) or {@link java.io.UncheckedIOException} (a file
     * that cannot be read).
     *
     * @throws java.nio.file.NoSuchFileException naming {@code input} when it does not exist
     * @throws IllegalArgumentException when {@code input} is a file that is not .txt, .md or
     *     .jsonl, since a corpus silently read as empty would be a worse surprise
     * @throws IOException when the directory tree cannot be listed
     */
    public Stream<Document> read(Path input) throws IOException {
        Objects.requireNonNull(input, "input");
        DocumentIterator documents = new DocumentIterator(CorpusFile.list(input), strict ? CorpusReader::stop : onBadInput);
        Spliterator<Document> spliterator = Spliterators.spliteratorUnknownSize(
                documents, Spliterator.ORDERED | Spliterator.NONNULL);
        return StreamSupport.stream(spliterator, false).onClose(documents::close);
    }

    /**
     * The documents of one corpus file that the caller has opened, for a runner that lists the
     * corpus itself (the Spark launcher reads it from HDFS or object storage). {@code name} is the
     * file's path relative to the corpus root with '/' separators: its extension picks the format,
     * and the documents are named from it exactly as {@link #read(Path)} of the root names them.
     * Closing the stream closes {@code in}; duplicate ids are tracked within this file only.
     *
     * <pre>{@code
     * try (Stream<Document> documents = reader.read("en/tides.jsonl", fileSystem.open(path))) { ... }
     * }</pre>
     *
     * @throws IllegalArgumentException when {@code name} is not a corpus file ({@link #isCorpusFile})
     */
    public Stream<Document> read(String name, InputStream in) {
        Objects.requireNonNull(in, "in");
        if (!isCorpusFile(name)) {
            throw new IllegalArgumentException(name + ": not a corpus file, expected a .txt, .md or .jsonl name"
                    + " with no hidden ('.') directory");
        }
        CorpusFile file = new CorpusFile(name, CorpusFile.formatOf(name).orElseThrow(), () -> in);
        DocumentIterator documents = new DocumentIterator(List.of(file), strict ? CorpusReader::stop : onBadInput);
        Spliterator<Document> spliterator = Spliterators.spliteratorUnknownSize(
                documents, Spliterator.ORDERED | Spliterator.NONNULL);
        // The iterator closes what it opened; an input closed before its first read is closed here.
        return StreamSupport.stream(spliterator, false).onClose(documents::close).onClose(() -> {
            try {
                in.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * Whether {@link #read(Path)} of a directory reads the file at {@code relativePath} ('/'
     * separators): a {@code .txt}, {@code .md} or {@code .jsonl} name, any case, with no hidden
     * name (starting with '.') on the way.
     */
    public static boolean isCorpusFile(String relativePath) {
        return CorpusFile.isCorpusFile(Objects.requireNonNull(relativePath, "relativePath"));
    }

    private static void stop(BadInput badInput) {
        throw new BadInputException(badInput);
    }

    private static void logWarning(BadInput badInput) {
        LOG.log(Level.WARNING, "skipping bad input {0}", badInput);
    }

    /** Configures a {@link CorpusReader}; the defaults suit a first run on an unknown corpus. */
    public static final class Builder {

        private boolean strict;
        private Consumer<BadInput> onBadInput = CorpusReader::logWarning;

        private Builder() {
        }

        /**
         * Whether the first bad document ends the read with a {@link BadInputException} instead
         * of being reported to {@link #onBadInput} and skipped, for users who want to fix a
         * corpus before spending LLM calls on it. Default false.
         */
        public Builder strict(boolean strict) {
            this.strict = strict;
            return this;
        }

        /**
         * Where skipped documents are reported, once each, on the consuming thread (the CLI
         * prints one stderr line and counts them). Not called in strict mode. Default: a
         * {@link System.Logger} warning.
         */
        public Builder onBadInput(Consumer<BadInput> onBadInput) {
            this.onBadInput = Objects.requireNonNull(onBadInput, "onBadInput");
            return this;
        }

        /** The configured reader. */
        public CorpusReader build() {
            return new CorpusReader(this);
        }
    }
}
