package io.augcon.spark;

import io.augcon.api.LlmResponse;
import io.augcon.core.llm.AnswerStore;
import io.augcon.core.llm.JsonlAnswerStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The answers of one task attempt in a job's work directory: the answers every earlier attempt of
 * the same work (a failed attempt of the partition, a speculative copy, an earlier run of the
 * job) appended to its own segment file in {@code directory}, read when the attempt starts, and
 * this attempt's own segment, to which it appends each new answer as it arrives (flushed, so a
 * crash loses only the answers in flight). Each attempt writes only its own file, so attempts
 * never write to one file at once, and a reader skips a line another attempt has not finished.
 *
 * <pre>{@code
 * try (AttemptAnswers answers = AttemptAnswers.open(work.resolve("answers/partition-3"), "attempt-17-0-<uuid>.jsonl")) {
 *     backend = new CachingBackend(backend, answers);
 *     ...
 * }
 * }</pre>
 */
final class AttemptAnswers implements AnswerStore {
    private final Map<String, LlmResponse> earlier;
    private final JsonlAnswerStore own;

    private AttemptAnswers(Map<String, LlmResponse> earlier, JsonlAnswerStore own) {
        this.earlier = earlier;
        this.own = own;
    }

    /**
     * Reads the segments in {@code directory} (created if missing) and in each of {@code alsoRead}
     * (read only, e.g. the driver's), and opens a new one named {@code segment} in {@code
     * directory} for this attempt's answers.
     *
     * @throws IllegalArgumentException when {@code segment} already exists: attempts must not share a file
     */
    static AttemptAnswers open(Path directory, String segment, Path... alsoRead) throws IOException {
        Files.createDirectories(directory);
        Path mine = directory.resolve(segment);
        if (Files.exists(mine)) {
            throw new IllegalArgumentException("answer segment " + mine + " exists already; each attempt needs its own");
        }
        Map<String, LlmResponse> earlier = new HashMap<>();
        read(directory, earlier);
        for (Path other : alsoRead) {
            read(other, earlier);
        }
        return new AttemptAnswers(earlier, JsonlAnswerStore.open(mine));
    }

    /** Puts the answers of every segment in {@code directory}, if it exists, in {@code into}. */
    private static void read(Path directory, Map<String, LlmResponse> into) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        List<Path> segments;
        try (Stream<Path> files = Files.list(directory)) {
            segments = files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        }
        for (Path file : segments) {
            into.putAll(JsonlAnswerStore.read(file));
        }
    }

    @Override
    public LlmResponse get(String key) {
        LlmResponse known = earlier.get(key);
        return known != null ? known : own.get(key);
    }

    @Override
    public void put(String key, LlmResponse answer) {
        own.put(key, answer);
    }

    @Override
    public int size() {
        return earlier.size() + own.size();
    }

    /** Answers read from earlier attempts' segments when this one opened. */
    int earlier() {
        return earlier.size();
    }

    @Override
    public void close() throws IOException {
        own.close();
    }
}
