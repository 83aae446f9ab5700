package io.augcon.core.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A finished run as it is kept after the run: its {@link RunSummary} and every root's quota fill.
 * {@code generate} writes it to {@value #FILE_NAME} in its work directory, so {@code report
 * --journal DIR} and {@code --dry-run --work-dir DIR} can read it after the run.
 *
 * <pre>{@code
 * RunFacts facts = new RunFacts(summary, ledger.rootFills());
 * facts.writeTo(Path.of("work/"));
 * long records = RunFacts.readFrom(Path.of("work/")).summary().records();
 * }</pre>
 *
 * <p>The file is the summary's fields in snake_case (the wall time as {@code wall_seconds}) plus
 * {@code root_fills}. A file from a release that saved only part of the summary still reads: a
 * field it lacks reads as an empty run's value (0, no entries, no resilience events).
 *
 * @param summary   the run's numbers
 * @param rootFills every root that owed pairs, in corpus order
 */
public record RunFacts(RunSummary summary, List<RootFill> rootFills) {
    /** The file {@code generate} writes in its work directory. */
    public static final String FILE_NAME = "run-summary.json";

    /**
     * Copies {@code rootFills}.
     *
     * @throws NullPointerException if {@code summary} or {@code rootFills} is {@code null}
     */
    public RunFacts {
        Objects.requireNonNull(summary, "summary");
        rootFills = List.copyOf(rootFills);
    }

    /** Writes {@value #FILE_NAME} into {@code workDir} and returns its path. */
    public Path writeTo(Path workDir) throws IOException {
        Path file = workDir.resolve(FILE_NAME);
        RunFactsJson.write(this, file);
        return file;
    }

    /**
     * Reads {@value #FILE_NAME} from {@code workDir}.
     *
     * @throws NoSuchFileException when the directory holds none
     * @throws IOException naming the file when it does not parse
     */
    public static RunFacts readFrom(Path workDir) throws IOException {
        Path file = workDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no run summary: generate writes it with --work-dir");
        }
        try {
            return RunFactsJson.read(file);
        } catch (IOException e) {
            throw new IOException(file + ": not a run summary: " + e.getMessage(), e);
        }
    }
}
