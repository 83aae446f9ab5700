package io.augcon.llm.batch;

import io.augcon.api.LlmResponse;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One round: the requests gathered for one batch, with the futures waiting on each. A round read
 * back from the journal has its keys but no JSONL: its batch exists already. Guarded by the
 * backend's lock.
 */
final class Round {
    final int number;
    final boolean resumed;
    /** The custom ids of the round's requests, in the order they came. */
    final Set<String> keys = new LinkedHashSet<>();
    /** The futures waiting on each key; a key repeated by identical requests has several. */
    final Map<String, List<CompletableFuture<LlmResponse>>> waiting = new LinkedHashMap<>();
    private ByteArrayOutputStream jsonl = new ByteArrayOutputStream();
    String fileId;
    String batchId;
    BatchPhase phase;
    /** Scheduler time its batch was created (or found again), or -1 before. */
    long createdAt = -1;
    /** Answers read that no request has claimed yet (a resumed round's answers arrive before the requests). */
    int unclaimed;

    Round(int number, boolean resumed) {
        this.number = number;
        this.resumed = resumed;
    }

    /** Adds a request's line (not yet held) and the future waiting on it. */
    void add(String key, byte[] line, CompletableFuture<LlmResponse> future) {
        keys.add(key);
        jsonl.write(line, 0, line.length);
        jsonl.write('\n');
        wait(key, future);
    }

    void wait(String key, CompletableFuture<LlmResponse> future) {
        waiting.computeIfAbsent(key, k -> new ArrayList<>()).add(future);
    }

    int size() {
        return keys.size();
    }

    long bytes() {
        return jsonl.size();
    }

    /**
     * The round's JSONL, once: the buffer is let go, since a round waits on its batch for hours and
     * its lines (up to the byte cap) need not wait with it.
     */
    byte[] takeJsonl() {
        byte[] bytes = jsonl.toByteArray();
        jsonl = null;
        return bytes;
    }
}
