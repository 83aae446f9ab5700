package io.augcon.core.run;

import io.augcon.api.CandidateQuery;
import io.augcon.core.event.NearDuplicate;
import io.augcon.api.ContextNode;
import io.augcon.api.Document;
import io.augcon.api.Expansion;
import io.augcon.api.Language;
import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.QueryScorer;
import io.augcon.api.RootContext;
import io.augcon.api.SftRecord;
import io.augcon.api.TokenUsage;
import io.augcon.core.event.PipelineListener;
import io.augcon.core.event.BadInput;
import io.augcon.core.event.InputDropped;
import io.augcon.core.event.SearchReport;
import io.augcon.core.internal.stage.Reask;
import io.augcon.core.respond.UngroundedResponseException;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Counts a run's events, from any number of threads, into a {@link RunSummary} and a one-line
 * progress report.
 */
public final class RunCounters implements PipelineListener {
    private final LongSupplier nanoClock;
    private final long startNanos;
    private final LongAdder documents = new LongAdder();
    private final LongAdder badInputs = new LongAdder();
    private final LongAdder roots = new LongAdder();
    private final LongAdder rootsWithoutQuota = new LongAdder();
    private final LongAdder rootsFinished = new LongAdder();
    private final LongAdder nodesExpanded = new LongAdder();
    private final LongAdder reasks = new LongAdder();
    private final LongAdder questionsRejected = new LongAdder();
    private final LongAdder candidates = new LongAdder();
    private final LongAdder kept = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder overQuota = new LongAdder();
    private final LongAdder quota = new LongAdder();
    private final LongAdder rootsShort = new LongAdder();
    private final LongAdder pairsShort = new LongAdder();
    private final LongAdder records = new LongAdder();
    private final LongAdder crossRootDuplicates = new LongAdder();
    private volatile String scorer = "none";
    private final Map<String, LongAdder> nodeFailures = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> branchEnds = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> responseFailures = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> llmCalls = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> llmFailures = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> tokensIn = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> tokensOut = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> retries = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> gaveUp = new ConcurrentHashMap<>();
    private final LongAdder truncationRetries = new LongAdder();
    private final LongAdder limitCuts = new LongAdder();
    private final AtomicInteger lowestLimit = new AtomicInteger(-1);
    private final AtomicInteger currentLimit = new AtomicInteger(-1);
    private final LongAdder breakerOpens = new LongAdder();
    private final LongAdder structuredOutputFallbacks = new LongAdder();
    private final LongAdder pausedNanos = new LongAdder();
    private final AtomicBoolean paused = new AtomicBoolean();
    /** When the pause in progress began, on {@link #nanoClock}; meaningful while {@link #paused}. */
    private volatile long pauseStartNanos;
    private final Map<String, LongAdder> recordFlags = new ConcurrentHashMap<>();
    private final Map<String, SearchReport> demonstrations = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> droppedPieces = new ConcurrentHashMap<>();
    private final Map<String, Duration> tokenizerLoads = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> droppedChars = new ConcurrentHashMap<>();

    /** Counters on the system clock ({@link System#nanoTime()}). */
    public RunCounters() {
        this(System::nanoTime);
    }

    /**
     * Counters whose wall time and pause in progress are read from {@code nanoClock}: the reading
     * half of a {@link io.augcon.api.Scheduler} (pass {@code scheduler::nanoTime}, the clock the
     * breaker measures its pauses on), since counters never wait on time.
     */
    public RunCounters(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
    }

    @Override
    public void documentRead(Document document, int rootCount) {
        documents.increment();
    }

    @Override
    public void badInput(BadInput badInput) {
        badInputs.increment();
    }

    @Override
    public void tokenizerLoaded(Language language, Duration took) {
        tokenizerLoads.put(language.code(), took);
    }

    @Override
    public void inputDropped(InputDropped dropped) {
        droppedPieces.computeIfAbsent(dropped.reason().key(), k -> new LongAdder()).add(dropped.count());
        droppedChars.computeIfAbsent(dropped.reason().key(), k -> new LongAdder()).add(dropped.chars());
    }

    @Override
    public void rootStarted(RootContext root, int pairs) {
        roots.increment();
        quota.add(pairs);
        if (pairs == 0) {
            rootsWithoutQuota.increment();
        }
    }

    @Override
    public void nodeExpanded(ContextNode node, Expansion expansion) {
        nodesExpanded.increment();
        reasks.add(expansion.failedAttempts());
    }

    /** Counts the failure by kind, and the re-asks made before the node ran out of attempts. */
    @Override
    public void nodeFailed(ContextNode node, Throwable error) {
        add(nodeFailures, kind(error));
        reasks.add(Reask.reasksBehind(error));
    }

    @Override
    public void branchEnded(ContextNode node, BranchEnd reason) {
        add(branchEnds, reason.name().toLowerCase(Locale.ROOT));
    }

    @Override
    public void questionRejected(ContextNode node, String question, String reason) {
        questionsRejected.increment();
    }

    @Override
    public void queryKept(CandidateQuery query, Double score) {
        kept.increment();
    }

    @Override
    public void queryDropped(CandidateQuery query, Double score, DropReason reason) {
        (reason == DropReason.DUPLICATE ? duplicates : overQuota).increment();
    }

    @Override
    public void responseFailed(CandidateQuery query, Throwable error) {
        add(responseFailures, ungrounded(error) ? "ungrounded" : kind(error));
    }

    @Override
    public void demonstrationsChosen(SearchReport report) {
        demonstrations.put(report.language().code(), report);
    }

    @Override
    public void rootFinished(RootContext root, RootOutcome outcome) {
        rootsFinished.increment();
        candidates.add(outcome.candidates());
        if (outcome.shortfall() > 0) {
            rootsShort.increment();
            pairsShort.add(outcome.shortfall());
        }
    }

    @Override
    public void recordWritten(SftRecord record) {
        records.increment();
        if (record.provenance().get("flags") instanceof Collection<?> flags) {
            flags.forEach(flag -> add(recordFlags, String.valueOf(flag)));
        }
    }

    @Override
    public void recordDroppedAsDuplicate(SftRecord record, NearDuplicate duplicate) {
        crossRootDuplicates.increment();
    }

    @Override
    public void llmCallDone(LlmRequest request, LlmResponse response, Throwable error, long latencyNanos) {
        add(llmCalls, request.stage());
        if (error != null) {
            add(llmFailures, kind(error));
        } else {
            TokenUsage usage = response.usage();
            tokensIn.computeIfAbsent(request.stage(), k -> new LongAdder()).add(usage.inputTokens());
            tokensOut.computeIfAbsent(request.stage(), k -> new LongAdder()).add(usage.outputTokens());
        }
    }

    @Override
    public void retryScheduled(LlmRequest request, Throwable error, int failedAttempts, Duration delay) {
        add(retries, kind(error));
    }

    @Override
    public void retriesExhausted(LlmRequest request, Throwable error, int attempts) {
        add(gaveUp, kind(error));
    }

    @Override
    public void truncationRetried(LlmRequest request, int fromTokens, int toTokens) {
        truncationRetries.increment();
    }

    @Override
    public void concurrencyLimitChanged(int from, int to) {
        if (to < from) {
            limitCuts.increment();
        }
        currentLimit.set(to);
        lowestLimit.accumulateAndGet(to, (a, b) -> a < 0 ? b : Math.min(a, b));
    }

    /** Counts a pause once, however often failed probes open the breaker again before it closes. */
    @Override
    public void circuitOpened(double failureRate, Duration pause) {
        if (paused.compareAndSet(false, true)) {
            pauseStartNanos = nanoClock.getAsLong();
            breakerOpens.increment();
        }
    }

    @Override
    public void structuredOutputRefused(Throwable error) {
        structuredOutputFallbacks.increment();
    }

    @Override
    public void circuitClosed(Duration pausedFor) {
        if (paused.compareAndSet(true, false)) {
            pausedNanos.add(pausedFor.toNanos());
        }
    }

    /** Records written so far. */
    public long records() {
        return records.sum();
    }

    @Override
    public void scorerReady(QueryScorer chosen, String note) {
        this.scorer = note;
    }

    /**
     * One line for a progress display: documents, roots, nodes, LLM calls, failed calls by kind,
     * retries, the concurrency limit when it moved, a pause in progress, records.
     */
    public String progressLine() {
        long calls = llmCalls.values().stream().mapToLong(LongAdder::sum).sum();
        Map<String, Long> failures = sums(llmFailures);
        String limit = currentLimit.get() < 0 ? "" : " | limit " + currentLimit.get();
        return String.format(Locale.ROOT,
                "documents %d | roots %d/%d done | nodes %d | LLM calls %d | failed %d%s | retries %d%s%s | records %d | %.0f s",
                documents.sum(), rootsFinished.sum(), roots.sum(), nodesExpanded.sum(), calls,
                failures.values().stream().mapToLong(Long::longValue).sum(), ResilienceCounts.counts(failures),
                retries.values().stream().mapToLong(LongAdder::sum).sum(), limit, paused.get() ? " | PAUSED" : "",
                records.sum(), (nanoClock.getAsLong() - startNanos) / 1e9);
    }

    /** The numbers so far. */
    public RunSummary summary() {
        Map<String, TokenUsage> tokens = new TreeMap<>();
        tokensIn.forEach((stage, in) -> tokens.put(stage,
                new TokenUsage(in.sum(), tokensOut.getOrDefault(stage, new LongAdder()).sum())));
        return new RunSummary(documents.sum(), badInputs.sum(), roots.sum(), rootsWithoutQuota.sum(),
                nodesExpanded.sum(), sums(nodeFailures), reasks.sum(), questionsRejected.sum(), sums(branchEnds),
                candidates.sum(), kept.sum(), duplicates.sum(), overQuota.sum(), quota.sum(), rootsShort.sum(),
                pairsShort.sum(), sums(responseFailures), records.sum(), sums(llmCalls), sums(llmFailures), tokens,
                scorer, Duration.ofNanos(nanoClock.getAsLong() - startNanos), resilience(), sums(recordFlags),
                demonstrations, crossRootDuplicates.sum(), dropped(), tokenizerLoads);
    }

    private Map<String, DropCount> dropped() {
        Map<String, DropCount> out = new TreeMap<>();
        droppedPieces.forEach((reason, n) -> out.put(reason,
                new DropCount(n.sum(), droppedChars.getOrDefault(reason, new LongAdder()).sum())));
        return out;
    }

    private ResilienceCounts resilience() {
        return new ResilienceCounts(sums(retries), sums(gaveUp), truncationRetries.sum(), limitCuts.sum(),
                lowestLimit.get(), currentLimit.get(), breakerOpens.sum(), Duration.ofNanos(pausedNanos()),
                structuredOutputFallbacks.sum());
    }

    /**
     * The pauses that ended, and the one in progress up to now: a run that ends paused (the
     * breaker gave up, or the run ran out of work while waiting) still paused.
     */
    private long pausedNanos() {
        long ended = pausedNanos.sum();
        return paused.get() ? ended + nanoClock.getAsLong() - pauseStartNanos : ended;
    }

    private static boolean ungrounded(Throwable error) {
        for (Throwable c = error; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof UngroundedResponseException) {
                return true;
            }
        }
        return false;
    }

    private static String kind(Throwable error) {
        return LlmException.kindOf(error).name().toLowerCase(Locale.ROOT);
    }

    private static void add(Map<String, LongAdder> counts, String key) {
        counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    private static Map<String, Long> sums(Map<String, LongAdder> counts) {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
