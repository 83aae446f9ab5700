package io.augcon.core.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One file of a corpus and the name it is known by in ids and reports.
 *
 * @param relativePath its path relative to the input root with '/' separators, or its file name
 *                     when the input is the file itself
 * @param format       how it holds documents
 * @param opener       opens it for reading: a local file, or a stream a runner opened elsewhere
 */
record CorpusFile(String relativePath, Format format, Opener opener) {

    /** Opens a corpus file's bytes. */
    @FunctionalInterface
    interface Opener {
        InputStream open() throws IOException;
    }

    /** A fresh stream of the file's bytes; the caller closes it. */
    InputStream open() throws IOException {
        return opener.open();
    }

    /** A local file. */
    static CorpusFile local(Path path, String relativePath, Format format) {
        return new CorpusFile(relativePath, format, () -> Files.newInputStream(path));
    }

    /**
     * Whether a directory's listing reads the file at {@code relativePath} ('/' separators): a
     * {@code .txt}, {@code .md} or {@code .jsonl} name with no hidden name (starting with '.') on the way.
     */
    static boolean isCorpusFile(String relativePath) {
        String[] names = relativePath.split("/");
        for (String name : names) {
            if (name.startsWith(".")) {
                return false;
            }
        }
        return formatOf(names[names.length - 1]).isPresent();
    }

    /** How a file holds documents, by extension. */
    enum Format {
        /** {@code .txt}, {@code .md}: the file is one document. */
        WHOLE_FILE,
        /** {@code .jsonl}: one document per line. */
        JSONL
    }

    /** The format of a file name, case-insensitively; empty for files that are not corpus files. */
    static Optional<Format> formatOf(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".txt") || name.endsWith(".md")) {
            return Optional.of(Format.WHOLE_FILE);
        }
        return name.endsWith(".jsonl") ? Optional.of(Format.JSONL) : Optional.empty();
    }

    /**
     * The corpus files under {@code input}, sorted by relative path so that runs (and the ids
     * derived from line numbers) are the same on every machine. Hidden files and directories
     * (names starting with '.', such as {@code .git}) are skipped below the root.
     *
     * @throws NoSuchFileException     naming {@code input} when it does not exist
     * @throws IllegalArgumentException when {@code input} is a file of an unsupported type
     */
    static List<CorpusFile> list(Path input) throws IOException {
        if (!Files.exists(input)) {
            throw new NoSuchFileException(input.toString(), null, "corpus input does not exist");
        }
        if (!Files.isDirectory(input)) {
            String name = input.getFileName().toString();
            Format format = formatOf(name).orElseThrow(() -> new IllegalArgumentException(
                    input + ": unsupported corpus file type, expected .txt, .md or .jsonl"));
            return List.of(local(input, name, format));
        }
        List<CorpusFile> files = new ArrayList<>();
        Files.walkFileTree(input, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(input) && isHidden(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                boolean regular = attrs.isRegularFile() || (attrs.isSymbolicLink() && Files.isRegularFile(file));
                if (regular && !isHidden(file)) {
                    formatOf(file.getFileName().toString())
                            .ifPresent(format -> files.add(local(file, relativize(input, file), format)));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort(Comparator.comparing(CorpusFile::relativePath));
        return files;
    }

    private static boolean isHidden(Path path) {
        return path.getFileName().toString().startsWith(".");
    }

    private static String relativize(Path root, Path file) {
        List<String> names = new ArrayList<>();
        for (Path name : root.relativize(file)) {
            names.add(name.toString());
        }
        return String.join("/", names);
    }
}
