package io.augcon.llm.batch;

import io.augcon.api.AsyncFailure;
import io.augcon.api.LlmBackend;
import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.Scheduler;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An {@link LlmBackend} that sends requests through a provider's batch API, at its batch price.
 * The pipeline calls it as any backend; it gathers the requests into rounds and sends each round
 * as one batch. A run of the method is level-synchronous (a tree's level k waits on level k-1),
 * so once a round is sent every piece of work soon waits on it, no request comes for the
 * {@linkplain BatchLimits#quietWindow() quiet window}, and the next round is the next level: a
 * run takes about as many rounds as its trees are deep, not as many as it makes calls.
 *
 * <p>Each round: its request keys go to the {@link BatchJournal}; its JSONL is uploaded and the
 * file id recorded; its batch is created and the batch id recorded; the batch is polled every
 * {@linkplain BatchLimits#pollInterval() poll interval} on the {@link Scheduler} (failed polls
 * back off with jitter, and a {@code Retry-After} is waited out); once it ends, its results
 * complete each request by its custom id. A request that failed in the batch, one the batch left
 * unanswered (expired, cancelled) and every request of a failed batch complete with a transient
 * {@link LlmException}, so the run's retries send them again, in a later round. Identical
 * requests (the same body) share one line.
 *
 * <p>A rerun with the same journal polls the batches an earlier run created instead of creating
 * them again: a request whose custom id is in such a batch waits on it. A round whose upload was
 * recorded but whose batch was not is looked for among the provider's batches by its file, and
 * created only when absent; a round with no upload recorded is dropped, and its requests gather
 * anew. Answers already delivered were stored by the run's answer cache and never come here.
 *
 * <p>A provider is one subclass: the request body (exactly the online one), the JSONL line, and
 * the upload, create, status, results and cancel calls. A provider without input files (requests
 * inline in the create call) returns {@code null} from {@link #upload} and keeps the lines it was
 * given.
 *
 * <pre>{@code
 * LlmBackend llm = OpenAiBatchBackend.builder()
 *     .baseUrl("https://api.openai.com/v1").model("gpt-4o-mini").apiKeyFromEnv("OPENAI_API_KEY")
 *     .journal(BatchJournal.inDirectory(workDir))
 *     .build();
 * }</pre>
 */
public abstract class BatchBackend implements LlmBackend, AutoCloseable {
    private final BatchLimits limits;
    private final Scheduler scheduler;
    private final Scheduler windowScheduler;
    private final BatchJournal journal;
    private final BatchListener listener;
    private final StepRetries retries;

    private final Object lock = new Object();
    /** Keys of submitted (or resumed) rounds not yet ended, with the round that will answer them. */
    private final Map<String, Round> awaiting = new HashMap<>();
    /** Answers read that no request claimed yet, with their round. */
    private final Map<String, Claim> unclaimed = new HashMap<>();
    private final Set<Round> inFlight = new LinkedHashSet<>();
    private final List<Integer> roundSizes = new ArrayList<>();
    private final RoundGatherer gatherer;
    private int lastRound;
    private int resumedRounds;
    private long totalWaitNanos;
    private boolean started;
    private volatile boolean closed;
    /** End records the journal could not write: each costs a rerun one more poll of an ended batch. */
    private final java.util.concurrent.atomic.AtomicInteger lostEndRecords = new java.util.concurrent.atomic.AtomicInteger();

    private record Claim(BatchAnswer answer, Round round) {}

    /**
     * A backend that gathers rounds by {@code limits}, polls on {@code scheduler}, measures the
     * quiet window on {@code windowScheduler}, records in {@code journal} (which it closes in
     * {@link #close()}) and tells {@code listener} each step.
     *
     * <p>The two schedulers are one in a real run. A test on virtual time that jumps to each task
     * ({@code ManualScheduler.autoAdvancing()}) gives the real clock for the window: a window
     * that ends the moment it is set closes every round after one request.
     */
    protected BatchBackend(BatchLimits limits, Scheduler scheduler, Scheduler windowScheduler, BatchJournal journal,
            BatchListener listener) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.windowScheduler = Objects.requireNonNull(windowScheduler, "windowScheduler");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.retries = new StepRetries(limits, scheduler, () -> closed);
        this.gatherer = new RoundGatherer(limits, this.windowScheduler, this::timedOut);
    }

    // ---------------------------------------------------------------- the provider's part

    /** The exact body the online endpoint would be sent for {@code request}. */
    protected abstract byte[] body(LlmRequest request);

    /** One JSONL line (no line break) asking {@code body} under {@code customId}. */
    protected abstract byte[] line(String customId, byte[] body);

    /** Uploads round {@code round}'s JSONL; completes with the file id, or {@code null} for a provider without files. */
    protected abstract CompletableFuture<String> upload(byte[] jsonl, int round);

    /** Creates the batch of the uploaded {@code fileId}; completes with the batch id. */
    protected abstract CompletableFuture<String> create(String fileId, int round);

    /** Polls batch {@code batchId}. */
    protected abstract CompletableFuture<BatchState> status(String batchId);

    /** Reads the results of a batch that {@linkplain BatchPhase#ended() ended}: one answer per custom id found. */
    protected abstract CompletableFuture<List<BatchAnswer>> results(BatchState ended);

    /** Asks the provider to cancel batch {@code batchId}. */
    protected abstract CompletableFuture<Void> cancel(String batchId);

    /**
     * The batch created from {@code fileId}, if the provider has one: a run killed between creating
     * a batch and recording it finds it here instead of paying for it twice. The default finds none.
     */
    protected CompletableFuture<Optional<String>> findBatch(String fileId) {
        return CompletableFuture.completedFuture(Optional.empty());
    }

    // ---------------------------------------------------------------- gathering

    /**
     * Adds {@code request} to the round being gathered (or to the submitted batch that already
     * holds the same body) and returns at once; the stage completes when its batch's results are
     * read.
     */
    @Override
    public final CompletionStage<LlmResponse> complete(LlmRequest request) {
        Objects.requireNonNull(request, "request");
        byte[] body = body(request);
        String key = customId(body);
        CompletableFuture<LlmResponse> future = new CompletableFuture<>();
        List<Round> closing = new ArrayList<>();
        Claim ready;
        List<Round> resuming;
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(new LlmException(LlmException.Kind.CANCELLED, "the batch backend is closed"));
            }
            resuming = startOnce();
            ready = claim(key);
            if (ready == null) {
                gather(key, body, future, closing);
            }
        }
        resuming.forEach(this::resume);
        if (ready != null) {
            settle(future, ready.answer());
            endIfClaimed(ready.round());
        }
        closing.forEach(this::submit);
        return future;
    }

    /** The custom id of a body: its SHA-256 in hex, so a rerun finds the same request under the same id. */
    static String customId(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private void gather(String key, byte[] body, CompletableFuture<LlmResponse> future, List<Round> closing) {
        Round answering = awaiting.get(key);
        if (answering == null) {
            answering = gatherer.holding(key);
        }
        if (answering != null) {
            answering.wait(key, future);
            return;
        }
        List<Round> closed = new ArrayList<>();
        gatherer.add(key, line(key, body), future, () -> ++lastRound, closed);
        closed.forEach(this::register);
        closing.addAll(closed);
    }

    /** A quiet window or the gathering time ran out for {@code round}: sent, if still open. */
    private void timedOut(Round round) {
        Round closing;
        synchronized (lock) {
            closing = closed ? null : gatherer.closeIf(round);
            if (closing != null) {
                register(closing);
            }
        }
        if (closing != null) {
            submit(closing);
        }
    }

    /** A closed round: its keys now await its batch. */
    private void register(Round round) {
        round.keys.forEach(k -> awaiting.put(k, round));
        roundSizes.add(round.size());
        inFlight.add(round);
    }

    // ---------------------------------------------------------------- one round's steps

    private void submit(Round round) {
        try {
            journal.planned(round.number, List.copyOf(round.keys));
        } catch (IOException e) {
            fail(round, new LlmException(LlmException.Kind.OTHER,
                    "cannot record round " + round.number + " in " + journal + ": " + e.getMessage(), e));
            return;
        }
        report(BatchProgress.Step.PLANNED, round, 0, 0);
        byte[] jsonl = round.takeJsonl();
        retries.attempt("the upload of round " + round.number, () -> upload(jsonl, round.number))
                .thenCompose(fileId -> {
                    round.fileId = fileId;
                    if (fileId != null) {
                        if (!record(round, () -> journal.uploaded(round.number, fileId))) {
                            return CompletableFuture.failedFuture(new LlmException(LlmException.Kind.OTHER,
                                    "round " + round.number + ": the journal failed"));
                        }
                        report(BatchProgress.Step.UPLOADED, round, 0, 0);
                    }
                    return retries.attempt("the batch of round " + round.number, () -> create(fileId, round.number));
                })
                .whenComplete((batchId, e) -> {
                    if (e != null) {
                        fail(round, e);
                    } else {
                        created(round, batchId);
                    }
                });
    }

    private void created(Round round, String batchId) {
        if (closed) {
            return;
        }
        round.batchId = Objects.requireNonNull(batchId, "a provider created a batch without an id");
        if (!round.resumed && !record(round, () -> journal.created(round.number, batchId))) {
            return;
        }
        round.createdAt = scheduler.nanoTime();
        report(BatchProgress.Step.CREATED, round, 0, 0);
        poll(round, round.resumed ? Duration.ZERO : retries.nextPoll(), 0);
    }

    private void poll(Round round, Duration delay, int failures) {
        scheduler.schedule(() -> {
            if (closed) {
                return;
            }
            StepRetries.call(() -> status(round.batchId)).whenComplete((state, e) -> {
                if (e != null) {
                    if (retries.pollAgain(Duration.ofNanos(scheduler.nanoTime() - round.createdAt), e)) {
                        poll(round, retries.pollBackoff(failures + 1, e), failures + 1);
                    } else {
                        fail(round, e);
                    }
                    return;
                }
                round.phase = state.phase();
                report(BatchProgress.Step.POLLED, round, 0, 0);
                if (!state.phase().ended()) {
                    poll(round, retries.nextPoll(), 0);
                    return;
                }
                retries.attempt("the results of batch " + round.batchId, () -> results(state)).whenComplete((answers, f) -> {
                    if (f != null) {
                        fail(round, f);
                    } else {
                        deliver(round, state, answers);
                    }
                });
            });
        }, delay);
    }

    /** Completes every request of {@code round} from {@code answers}; a request without one fails, to be retried. */
    private void deliver(Round round, BatchState state, List<BatchAnswer> answers) {
        if (closed) {
            return;
        }
        List<Runnable> completions = new ArrayList<>();
        int answered = 0;
        int failed = 0;
        boolean claimed;
        synchronized (lock) {
            Set<String> missing = new LinkedHashSet<>(round.keys);
            for (BatchAnswer answer : answers) {
                if (missing.remove(answer.customId())) {
                    hand(round, answer, completions);
                    if (answer.failure() == null) {
                        answered++;
                    } else {
                        failed++;
                    }
                }
            }
            LlmException unanswered = unanswered(state);
            for (String key : missing) {
                hand(round, BatchAnswer.failed(key, unanswered), completions);
                failed++;
            }
            inFlight.remove(round);
            totalWaitNanos += scheduler.nanoTime() - round.createdAt;
            claimed = round.unclaimed == 0;
        }
        completions.forEach(Runnable::run);
        report(BatchProgress.Step.ENDED, round, answered, failed);
        if (claimed) {
            recordEnd(round, state.phase().name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** Gives {@code answer} to the requests waiting on it, or keeps it for the request still to come. */
    private void hand(Round round, BatchAnswer answer, List<Runnable> completions) {
        awaiting.remove(answer.customId(), round);
        List<CompletableFuture<LlmResponse>> futures = round.waiting.remove(answer.customId());
        if (futures == null) {
            unclaimed.put(answer.customId(), new Claim(answer, round));
            round.unclaimed++;
        } else {
            completions.add(() -> futures.forEach(f -> settle(f, answer)));
        }
    }

    private Claim claim(String key) {
        Claim claim = unclaimed.remove(key);
        if (claim != null) {
            claim.round().unclaimed--;
        }
        return claim;
    }

    private void endIfClaimed(Round round) {
        boolean claimed;
        synchronized (lock) {
            claimed = round.unclaimed == 0 && !inFlight.contains(round);
        }
        if (claimed) {
            recordEnd(round, round.phase == null ? "ended" : round.phase.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** Why a request the batch did not answer has no answer: a transient failure, so it is asked again. */
    private static LlmException unanswered(BatchState state) {
        String batch = "batch " + state.batchId();
        return switch (state.phase()) {
            case EXPIRED -> new LlmException(LlmException.Kind.TIMEOUT, batch + " expired before answering the request");
            case FAILED -> LlmException.forStatus(503, batch + " failed as a whole");
            case CANCELLED, CANCELLING -> LlmException.forStatus(503, batch + " was cancelled before answering the request");
            default -> new LlmException(LlmException.Kind.MALFORMED_RESPONSE, batch + " ended without a result for the request");
        };
    }

    /** Fails every request waiting on {@code round} with {@code failure}; a closed backend leaves them, as a crash would. */
    private void fail(Round round, Throwable failure) {
        if (closed) {
            return;
        }
        LlmException cause = LlmException.find(failure).orElseGet(() -> new LlmException(LlmException.Kind.OTHER,
                "round " + round.number + " failed: " + AsyncFailure.cause(failure), AsyncFailure.cause(failure)));
        List<CompletableFuture<LlmResponse>> futures = new ArrayList<>();
        synchronized (lock) {
            round.keys.forEach(k -> awaiting.remove(k, round));
            round.waiting.values().forEach(futures::addAll);
            round.waiting.clear();
            inFlight.remove(round);
        }
        futures.forEach(f -> f.completeExceptionally(cause));
        if (round.batchId == null) {
            // No batch exists for it, so nothing is left to poll on a rerun; a batch that could not be
            // polled stays open in the journal, and a rerun polls it again.
            recordEnd(round, "failed: " + cause.kind().name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    private static void settle(CompletableFuture<LlmResponse> future, BatchAnswer answer) {
        if (answer.failure() != null) {
            future.completeExceptionally(answer.failure());
        } else {
            future.complete(answer.response());
        }
    }

    // ---------------------------------------------------------------- resuming an earlier run's rounds

    /** The journal's open rounds, read on the first request: their keys await their batches. */
    private List<Round> startOnce() {
        if (started) {
            return List.of();
        }
        started = true;
        lastRound = journal.lastRound();
        List<Round> resuming = new ArrayList<>();
        for (BatchJournal.OpenRound open : journal.openRounds()) {
            Round round = new Round(open.round(), true);
            round.keys.addAll(open.keys());
            round.fileId = open.fileId();
            round.batchId = open.batchId();
            resuming.add(round);
            if (open.fileId() != null || open.batchId() != null) {
                round.keys.forEach(k -> awaiting.put(k, round));
                inFlight.add(round);
                resumedRounds++;
            }
        }
        return resuming;
    }

    private void resume(Round round) {
        if (round.batchId != null) {
            created(round, round.batchId);
        } else if (round.fileId != null) {
            retries.attempt("the batch of file " + round.fileId, () -> findBatch(round.fileId)).thenCompose(found -> found
                    .map(CompletableFuture::completedFuture)
                    .orElseGet(() -> retries.attempt("the batch of round " + round.number, () -> create(round.fileId, round.number))))
                    .whenComplete((batchId, e) -> {
                        if (e != null) {
                            fail(round, e);
                        } else if (record(round, () -> journal.created(round.number, batchId))) {
                            created(round, batchId);
                        }
                    });
        } else {
            recordEnd(round, "dropped: its upload was never recorded");
        }
    }

    /**
     * Cancels every batch the journal holds open (looking up, by its file, one whose creation was
     * not recorded) and records each round as ended; a round that was never uploaded is just
     * closed. Blocks until the provider answered every cancel.
     *
     * @return the ids of the batches asked to cancel
     * @throws LlmException when the provider refuses a cancel
     */
    public List<String> cancelOpenBatches() throws IOException {
        List<String> cancelled = new ArrayList<>();
        for (BatchJournal.OpenRound open : journal.openRounds()) {
            String batchId = open.batchId();
            if (batchId == null && open.fileId() != null) {
                batchId = findBatch(open.fileId()).join().orElse(null);
            }
            if (batchId != null) {
                try {
                    cancel(batchId).join();
                } catch (java.util.concurrent.CompletionException e) {
                    throw LlmException.find(e).orElseThrow(() -> e);
                }
                cancelled.add(batchId);
            }
            journal.ended(open.round(), batchId != null ? "cancelled" : "dropped: no batch was created");
        }
        return cancelled;
    }

    // ---------------------------------------------------------------- bookkeeping

    private interface JournalStep {
        void run() throws IOException;
    }

    /**
     * Writes a journal record of {@code round}'s step; when it cannot be written, the round's
     * requests fail (false), since going on would pay for a batch that a rerun could not find.
     */
    private boolean record(Round round, JournalStep step) {
        try {
            step.run();
            return true;
        } catch (IOException e) {
            fail(round, new LlmException(LlmException.Kind.OTHER, "cannot write " + journal + ": " + e.getMessage(), e));
            return false;
        }
    }

    /**
     * Records that {@code round} ended. Its requests have their answers already; a record lost
     * here only makes a rerun poll the ended batch once more, so the failure is not the run's.
     */
    private void recordEnd(Round round, String how) {
        try {
            journal.ended(round.number, how);
        } catch (IOException e) {
            lostEndRecords.incrementAndGet();
        }
    }

    private void report(BatchProgress.Step step, Round round, int answered, int failed) {
        Duration waited = round.createdAt < 0 ? Duration.ZERO : Duration.ofNanos(scheduler.nanoTime() - round.createdAt);
        listener.step(new BatchProgress(step, round.number, round.keys.size(), round.batchId, round.phase, waited,
                answered, failed));
    }

    /** The rounds so far, their sizes and the time spent waiting on batches. */
    public BatchStats stats() {
        synchronized (lock) {
            return new BatchStats(roundSizes, resumedRounds, Duration.ofNanos(totalWaitNanos), inFlight.size());
        }
    }

    /** The limits rounds are gathered by. */
    public final BatchLimits limits() {
        return limits;
    }

    /**
     * Stops gathering and polling, fails the requests still waiting with a
     * {@link LlmException.Kind#CANCELLED CANCELLED} failure, and closes the journal. The journal
     * is left as a crash at this moment would leave it: a rerun polls the batches it holds open.
     * Idempotent.
     */
    @Override
    public void close() throws IOException {
        List<CompletableFuture<LlmResponse>> waiting = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            Round open = gatherer.close();
            if (open != null) {
                open.waiting.values().forEach(waiting::addAll);
            }
            inFlight.forEach(round -> round.waiting.values().forEach(waiting::addAll));
        }
        LlmException stopped = new LlmException(LlmException.Kind.CANCELLED, "the batch backend closed; "
                + journal + " keeps the batches it created for a rerun");
        waiting.forEach(f -> f.completeExceptionally(stopped));
        journal.close();
    }
}
