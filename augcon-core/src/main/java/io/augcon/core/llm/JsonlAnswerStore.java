package io.augcon.core.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.augcon.api.FinishReason;
import io.augcon.api.LlmResponse;
import io.augcon.api.TokenUsage;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@link AnswerStore} in an append-only JSON Lines file, held in memory. Each answer is
 * appended and flushed as it arrives, so a crash loses at most the answers in flight; a torn
 * last line is skipped on load and counted in {@link #ignoredLines()}. Suits runs of up to a few
 * hundred thousand calls.
 */
public final class JsonlAnswerStore implements AnswerStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, LlmResponse> answers = new ConcurrentHashMap<>();
    private final BufferedWriter log;
    private final int ignoredLines;

    private JsonlAnswerStore(Path file) throws IOException {
        this.ignoredLines = load(file);
        endWithNewline(file);
        this.log = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Opens (or creates) the store in {@code file}, loading the answers already there. */
    public static JsonlAnswerStore open(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return new JsonlAnswerStore(file);
    }

    @Override
    public LlmResponse get(String key) {
        return answers.get(key);
    }

    @Override
    public void put(String key, LlmResponse answer) {
        if (answers.putIfAbsent(key, answer) != null) {
            return;
        }
        ObjectNode line = JSON.createObjectNode();
        line.put("key", key);
        line.put("text", answer.text());
        line.put("finish_reason", answer.finishReason().name());
        line.put("input_tokens", answer.usage().inputTokens());
        line.put("output_tokens", answer.usage().outputTokens());
        line.put("model", answer.model());
        try {
            String text = JSON.writeValueAsString(line);
            synchronized (log) {
                log.write(text);
                log.write('\n');
                log.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the answer store", e);
        }
    }

    @Override
    public int size() {
        return answers.size();
    }

    /** Lines that could not be read at load (a torn last line after a crash). */
    public int ignoredLines() {
        return ignoredLines;
    }

    @Override
    public void close() throws IOException {
        synchronized (log) {
            log.close();
        }
    }

    /**
     * The answers in a store's {@code file}, read without opening it for writing, so another
     * process may be appending to it meanwhile (a line it has not finished is skipped, as a torn
     * line is). Empty when the file does not exist. For a job whose tasks each append to a file of
     * their own and read the others' (augcon-spark's work directory).
     */
    public static Map<String, LlmResponse> read(Path file) throws IOException {
        Map<String, LlmResponse> answers = new HashMap<>();
        load(file, answers);
        return answers;
    }

    private int load(Path file) throws IOException {
        return load(file, answers);
    }

    /** Puts {@code file}'s answers in {@code into}; returns the lines that could not be read. */
    private static int load(Path file, Map<String, LlmResponse> into) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        int ignored = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank() && !read(line, into)) {
                    ignored++;
                }
            }
        }
        return ignored;
    }

    private static boolean read(String line, Map<String, LlmResponse> into) {
        try {
            JsonNode node = JSON.readTree(line);
            into.put(node.get("key").asText(), new LlmResponse(
                    node.get("text").asText(),
                    FinishReason.valueOf(node.get("finish_reason").asText()),
                    new TokenUsage(node.get("input_tokens").asLong(), node.get("output_tokens").asLong()),
                    node.get("model").asText()));
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** After a torn last line, the next append must start on a line of its own. */
    private static void endWithNewline(Path file) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return;
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(raf.length() - 1);
            if (raf.read() != '\n') {
                raf.seek(raf.length());
                raf.write('\n');
            }
        }
    }
}
