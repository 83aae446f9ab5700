package io.augcon.spark;

import io.augcon.core.AugCon;
import io.augcon.core.event.SearchReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * An executor JVM's pipelines for one job's configuration and {@link StageFactory}. A pipeline runs
 * one partition at a time ({@link AugCon} runs one run at a time), so the pool lends each running
 * task its own and builds a new one only when every pipeline it has is lent: an executor with N
 * task slots builds at most N, however many tasks it runs. A pipeline whose run failed or was
 * cancelled is not given back, since it may still hold that run's abandoned requests.
 */
final class PipelinePool {
    /**
     * Jobs whose pools a JVM keeps, the most recently used; an older job's idle pipelines are let go
     * (a notebook that runs many configurations would otherwise keep every one's HTTP clients).
     */
    static final int JOBS_KEPT = 4;
    private static final Map<String, PipelinePool> POOLS = Collections.synchronizedMap(
            new LinkedHashMap<>(JOBS_KEPT * 2, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, PipelinePool> eldest) {
                    return size() > JOBS_KEPT;
                }
            });

    private final Supplier<TaskPipeline> build;
    private final Deque<TaskPipeline> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger built = new AtomicInteger();

    private PipelinePool(Supplier<TaskPipeline> build) {
        this.build = build;
    }

    /**
     * This JVM's pool for {@code key} (see {@link #key}), created with {@code build} on first use or
     * after {@link #JOBS_KEPT} other jobs' pools were used since.
     */
    static PipelinePool forKey(String key, Supplier<TaskPipeline> build) {
        return POOLS.computeIfAbsent(key, k -> new PipelinePool(build));
    }

    /**
     * The key of a job's pipelines: a hash of the configuration's JSON, its work directory (or
     * none), the scorer the driver trained (or none), the factory's serialized form and the
     * driver's demonstration searches, computed on the driver, so every executor finds
     * the same pool for the same job and two jobs with equal settings share one.
     *
     * @throws IllegalArgumentException when {@code stages} cannot be serialized
     */
    static String key(String configJson, StageFactory stages, List<SearchReport> searched, String workDir,
            ShippedScorer scorer) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(configJson.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(String.valueOf(workDir).getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update((scorer == null ? "" : scorer.sha256()).getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(serialized(stages));
            digest.update((byte) 0);
            digest.update(serialized(new ArrayList<>(searched)));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** The pool used last in this JVM, if any. */
    static Optional<PipelinePool> mostRecentlyUsed() {
        synchronized (POOLS) {
            PipelinePool last = null;
            for (PipelinePool pool : POOLS.values()) {
                last = pool;
            }
            return Optional.ofNullable(last);
        }
    }

    /** {@code value}'s serialized bytes; only a factory may fail here, since the reports are values. */
    private static byte[] serialized(Serializable value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException("stages: the factory " + value.getClass().getName()
                    + " holds a value that is not serializable (" + e.getMessage() + "); capture only"
                    + " serializable settings and build live objects inside configure", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("stages: the factory " + value.getClass().getName()
                    + " cannot be serialized: " + e, e);
        }
        return bytes.toByteArray();
    }

    /** An idle pipeline, or a new one when none is idle. */
    TaskPipeline borrow() {
        TaskPipeline pipeline = idle.pollFirst();
        if (pipeline != null) {
            return pipeline;
        }
        pipeline = build.get();
        built.incrementAndGet();
        return pipeline;
    }

    /** Takes back a pipeline whose run finished normally. */
    void giveBack(TaskPipeline pipeline) {
        idle.addFirst(pipeline);
    }

    /** How many pipelines this pool has built. */
    int built() {
        return built.get();
    }
}
