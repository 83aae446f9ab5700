package io.augcon.llm.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link BatchJournal} as a JSON-lines file, appended and forced to disk record by record (or
 * in memory only). Records: {@code {"round", "planned": [keys]}}, {@code {"round", "file"}},
 * {@code {"round", "batch"}}, {@code {"round", "ended"}}.
 */
final class JsonlBatchJournal implements BatchJournal {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final FileChannel channel;
    private final Map<Integer, OpenRound> open = new TreeMap<>();
    private int lastRound;

    private JsonlBatchJournal(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    static JsonlBatchJournal inMemory() {
        return new JsonlBatchJournal(null, null);
    }

    static JsonlBatchJournal open(Path file) throws IOException {
        byte[] bytes = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        int whole = bytes.length;
        while (whole > 0 && bytes[whole - 1] != '\n') {
            whole--;
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        JsonlBatchJournal journal = new JsonlBatchJournal(file, channel);
        try {
            // A line cut short by a crash is dropped, so the next record starts on a line of its own.
            channel.truncate(whole);
            channel.position(whole);
            String text = new String(bytes, 0, whole, StandardCharsets.UTF_8);
            int lineNo = 0;
            for (String line : text.split("\n")) {
                lineNo++;
                if (!line.isBlank()) {
                    journal.apply(read(file, lineNo, line));
                }
            }
            return journal;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static JsonNode read(Path file, int lineNo, String line) throws IOException {
        try {
            JsonNode node = JSON.readTree(line);
            if (node == null || !node.path("round").canConvertToInt()) {
                throw new IOException("line " + lineNo + " of " + file + ": expected a record with a `round`");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IOException("line " + lineNo + " of " + file + " is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private synchronized void apply(JsonNode record) {
        int round = record.get("round").asInt();
        lastRound = Math.max(lastRound, round);
        OpenRound was = open.get(round);
        if (record.has("planned")) {
            List<String> keys = new ArrayList<>();
            record.get("planned").forEach(k -> keys.add(k.asText()));
            open.put(round, new OpenRound(round, keys, null, null));
        } else if (was != null && record.has("file")) {
            open.put(round, new OpenRound(round, was.keys(), record.get("file").asText(), was.batchId()));
        } else if (was != null && record.has("batch")) {
            open.put(round, new OpenRound(round, was.keys(), was.fileId(), record.get("batch").asText()));
        } else if (record.has("ended")) {
            open.remove(round);
        }
    }

    @Override
    public synchronized List<OpenRound> openRounds() {
        return List.copyOf(open.values());
    }

    @Override
    public synchronized int lastRound() {
        return lastRound;
    }

    @Override
    public void planned(int round, List<String> keys) throws IOException {
        ObjectNode record = JSON.createObjectNode().put("round", round);
        ArrayNode planned = record.putArray("planned");
        keys.forEach(planned::add);
        append(record);
    }

    @Override
    public void uploaded(int round, String fileId) throws IOException {
        append(JSON.createObjectNode().put("round", round).put("file", fileId));
    }

    @Override
    public void created(int round, String batchId) throws IOException {
        append(JSON.createObjectNode().put("round", round).put("batch", batchId));
    }

    @Override
    public void ended(int round, String how) throws IOException {
        append(JSON.createObjectNode().put("round", round).put("ended", how));
    }

    private synchronized void append(ObjectNode record) throws IOException {
        if (channel != null) {
            ByteBuffer line = ByteBuffer.wrap((JSON.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8));
            while (line.hasRemaining()) {
                channel.write(line);
            }
            channel.force(false);
        }
        apply(record);
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }

    @Override
    public String toString() {
        return "BatchJournal[" + (file == null ? "in memory" : file) + "]";
    }
}
