package io.augcon.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.api.AsyncFailure;
import io.augcon.api.Document;
import io.augcon.api.FinishReason;
import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmUnavailableException;
import io.augcon.api.LlmResponse;
import io.augcon.api.SftRecord;
import io.augcon.api.TokenUsage;
import io.augcon.core.AugCon;
import io.augcon.core.event.SearchReport;
import io.augcon.core.filter.Quota;
import io.augcon.core.llm.AdaptiveConcurrency;
import io.augcon.core.llm.Resilience;
import io.augcon.core.llm.RetryPolicy;
import io.augcon.core.respond.SeedExample;
import io.augcon.testkit.ManualScheduler;
import io.augcon.testkit.ScriptedAnswers;
import io.augcon.testkit.ScriptedLlm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@link RunSummary} component against a scripted run whose counts are worked out by hand
 * in the comments. The script answers each request by what it asks about (a CST node's context, an
 * answer's question), in turn when one is asked several times, so the counts do not depend on the
 * order in which concurrent requests arrive.
 *
 * <p>CST answers report a usage of 10 tokens in and 4 out, all others 20 in and 8 out.
 */
class RunSummaryCountersTest {
    private static final TokenUsage CST_USAGE = new TokenUsage(10, 4);
    private static final TokenUsage OTHER_USAGE = new TokenUsage(20, 8);
    private static final Pattern TURN = Pattern.compile("Context: .*\\nQuestion: (.*)$", Pattern.DOTALL);
    private static final Pattern JUDGED = Pattern.compile("\\nQuestion: (.*)\\nReference answer: ", Pattern.DOTALL);

    /** An unusable CST answer: no question can be read from it. */
    private static final String UNUSABLE = "";

    /**
     * Answers by key: {@code cst:<target context>}, {@code <stage>:<question>} for answers and
     * judgements. Each key's answers are given in turn, the last repeating; an answer is a text,
     * an {@link LlmResponse}, or a {@link Supplier} of the exception to throw.
     */
    private static final class Script implements Function<LlmRequest, LlmResponse> {
        private final Map<String, List<Object>> answers = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();

        Script on(String key, Object... inTurn) {
            answers.put(key, List.of(inTurn));
            return this;
        }

        @Override
        public LlmResponse apply(LlmRequest request) {
            String key = key(request);
            List<Object> script = answers.get(key);
            if (script == null) {
                throw new IllegalStateException("unscripted request " + key);
            }
            Object answer = script.get(Math.min(asked.computeIfAbsent(key, k -> new AtomicInteger()).getAndIncrement(),
                    script.size() - 1));
            if (answer instanceof Supplier<?> failure) {
                throw (RuntimeException) failure.get();
            }
            if (answer instanceof LlmResponse response) {
                return response;
            }
            TokenUsage usage = request.prompt() != null ? CST_USAGE : OTHER_USAGE;
            return new LlmResponse((String) answer, FinishReason.STOP, usage, "scripted");
        }

        private static String key(LlmRequest request) {
            if (request.prompt() != null) {
                return "cst:" + ScriptedAnswers.targetContext(request.prompt());
            }
            String turn = request.messages().get(request.messages().size() - 1).content();
            Matcher judged = JUDGED.matcher(turn);
            Matcher asked = TURN.matcher(turn);
            String question = judged.find() ? judged.group(1) : asked.find() ? asked.group(1) : turn;
            return request.stage() + ":" + question.strip();
        }
    }

    private static Supplier<RuntimeException> status(int status) {
        return () -> LlmException.forStatus(status, "HTTP " + status + ": scripted");
    }

    private static String cst(String question, String first, String second) {
        return "Question: " + question + "\nContext 1: " + first + "\nContext 2: " + second;
    }

    // ------------------------------------------------------------------ one tree, every way a node ends

    private static final String S1 = "Tides rise and fall twice a day on most coasts.";   // 47 chars
    private static final String S2 = "The pull of the moon drives them.";                 // 33 chars
    private static final String S3 = "Spring tides come when sun and moon align.";        // 42 chars
    private static final String Q_ROOT = "What happens to tides on most coasts?";
    private static final String Q_S1 = "How often do tides rise and fall?";

    /**
     * One document, one root of three sentences (124 characters, one paragraph): 3 pairs owed
     * (one per sentence), 3 candidates wanted (oversample 1), one tree at most. Defaults
     * otherwise: retries, adaptive concurrency, no demonstrations (so no search calls).
     *
     * <pre>
     * node               calls                       outcome
     * root  S1 S2 S3     429 (Retry-After 3 s), ok   question Q_ROOT; children S1, "S2 S3"
     *   S1               unusable, ok                question Q_S1, no split: degenerate split; 1 re-ask
     *   S2 S3            ok                          question "Why?" (4 < 5 chars): rejected; children S2, S3
     *     S2             unusable x4                 fails malformed_output after 3 re-asks
     *     S3             500, ok                     question Q_ROOT again; children "Spring tides come"
     *                                                (17 < 20 chars: too short) and a sentence not in S3
     *                                                (unfaithful child)
     * answers: Q_ROOT    ok                          record
     *          Q_S1      400 (not retried)           response failure http_status
     * </pre>
     */
    @Test
    void aTreeWhoseNodesEndInEveryWayIsCountedNodeByNode() throws Exception {
        String root = S1 + " " + S2 + " " + S3;
        Script script = new Script()
                .on("cst:" + root, (Supplier<RuntimeException>) () -> LlmException.forStatus(429, "HTTP 429: scripted",
                        Duration.ofSeconds(3)), cst(Q_ROOT, S1, S2 + " " + S3))
                .on("cst:" + S1, UNUSABLE, "Question: " + Q_S1)
                .on("cst:" + S2 + " " + S3, cst("Why?", S2, S3))
                .on("cst:" + S2, UNUSABLE)
                .on("cst:" + S3, status(500), cst(Q_ROOT, "Spring tides come", "Bananas are yellow fruit from warm lands."))
                .on("response:" + Q_ROOT, S1)
                .on("response:" + Q_S1, status(400));
        ManualScheduler time = ManualScheduler.autoAdvancing();
        AugCon augcon = AugCon.builder().llm(ScriptedLlm.answering(script)).scheduler(time)
                .selection(s -> s.withQuota(Quota.perSentences(1)).withOversample(1).withMaxTreeRuns(1))
                .responses(r -> r.withDemonstrations(0))
                .build();
        List<SftRecord> records = Collections.synchronizedList(new ArrayList<>());

        RunSummary s = augcon.run(Stream.of(Document.of("tides", root)), records::add);

        assertThat(s.documents()).isEqualTo(1);
        assertThat(s.badInputs()).isZero();
        assertThat(s.roots()).isEqualTo(1);
        assertThat(s.rootsWithoutQuota()).isZero();
        // root, S1, "S2 S3" and S3; S2 failed and "Spring tides come" was never asked about.
        assertThat(s.nodesExpanded()).isEqualTo(4);
        assertThat(s.nodeFailures()).isEqualTo(Map.of("malformed_output", 1L));
        // S1 was re-asked once; S2 three times before its fourth unusable answer failed it.
        assertThat(s.reasks()).isEqualTo(1 + 3);
        assertThat(s.questionsRejected()).isEqualTo(1);
        assertThat(s.branchEnds()).isEqualTo(Map.of("degenerate_split", 1L, "too_short", 1L, "unfaithful_child", 1L));
        // Q_ROOT (root), Q_S1 (S1), Q_ROOT (S3); the second Q_ROOT is a near-duplicate of the first.
        assertThat(s.candidates()).isEqualTo(3);
        assertThat(s.kept()).isEqualTo(2);
        assertThat(s.duplicates()).isEqualTo(1);
        assertThat(s.overQuota()).isZero();
        assertThat(s.quota()).isEqualTo(3);
        assertThat(s.rootsShort()).isEqualTo(1);
        assertThat(s.pairsShort()).isEqualTo(3 - 2);
        assertThat(s.responseFailures()).isEqualTo(Map.of("http_status", 1L));
        assertThat(s.records()).isEqualTo(1).isEqualTo(records.size());
        // cst: root 2, S1 2, "S2 S3" 1, S2 4, S3 2; response: Q_ROOT 1, Q_S1 1.
        assertThat(s.llmCalls()).isEqualTo(Map.of("cst", 11L, "response", 2L));
        // The 429 and the 500 (both retried) and the 400.
        assertThat(s.llmFailures()).isEqualTo(Map.of("rate_limited", 1L, "http_status", 2L));
        // cst: 11 calls, 2 of them failed: 9 answers of 10 in, 4 out; response: 1 answer of 20/8.
        assertThat(s.tokens()).isEqualTo(Map.of("cst", new TokenUsage(90, 36), "response", new TokenUsage(20, 8)));
        assertThat(s.scorer()).isEqualTo("none: candidates kept in generation order");
        // Nothing waits but the two retries: the 429's Retry-After, 3 s, and the 500's backoff
        // (0.5 s, less a random part of at most half); they come one after the other.
        assertThat(time.delays()).hasSize(2).startsWith(Duration.ofSeconds(3));
        Duration backoff = time.delays().get(1);
        assertThat(backoff).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
        assertThat(s.wallTime()).isEqualTo(Duration.ofSeconds(3).plus(backoff));
        // The 429 was the run's first answer: the limit went from 16 to 12 (a quarter off), and
        // the 10 answers after it are fewer than the 12 that would raise it by one.
        assertThat(s.resilience()).isEqualTo(new ResilienceCounts(Map.of("rate_limited", 1L, "http_status", 1L),
                Map.of(), 0, 1, 12, 12, 0, Duration.ZERO, 0));
        assertThat(s.recordFlags()).isEmpty();
        // No demonstrations: the only set is the empty one, chosen without a call.
        SearchReport en = s.demonstrations().get("en");
        assertThat(s.demonstrations()).containsOnlyKeys("en");
        assertThat(en.searched()).isFalse();
        assertThat(en.calls()).isEqualTo(new SearchReport.Calls(0, 0, 0, 0, 0));
        assertThat(s.crossRootDuplicates()).isZero();
        assertThat(s.format()).contains("tree nodes expanded 4, failed 1 (malformed_output 1), re-asked 4, questions rejected 1");
    }

    // ------------------------------------------------------------------ input, quota and answers

    private static final String LONE = "A single sentence of well over one hundred characters makes a root that owes"
            + " no pair at two sentences a pair.";
    private static final String T1 = "Bees carry pollen from flower to flower on their legs.";
    private static final String T2 = "Without them many crops would bear far less fruit.";
    private static final String U1 = "Honey keeps for years because it holds so little water.";
    private static final String U2 = "Bacteria cannot grow in it for that reason alone.";
    private static final String Q_BEES = "Why do bees matter to crops?";

    /**
     * A directory of four files, read in name order: {@code a.txt} (one sentence), {@code b.txt}
     * and {@code c.txt} (two sentences each) and {@code d.txt}, which is not UTF-8. One pair is owed
     * per two sentences, one candidate wanted per pair, one tree per root; two seed examples,
     * one demonstration per answer, a search budget of two sets; cross-root deduplication on.
     *
     * <pre>
     * a   1 sentence: 0 pairs owed, no call
     * b   root T1 T2   truncated, then ok with twice the tokens   question Q_BEES; children T1, T2
     *       T1         ok                                          "What do bees carry?", no split
     *       T2         ok                                          "What would crops lack?", no split
     *     3 candidates for 1 pair: Q_BEES kept, 2 over quota
     *     answer       made up, regenerated: made up again         kept, flagged below the grounding floor
     * c   root U1 U2   ok                                          Q_BEES again, no split
     *     answer       U1 (grounded)                               dropped at the end as a cross-root duplicate
     * d   not UTF-8: bad input
     * search: sets {s1}, {s2}; each answers both seed questions (4 answers), each answer judged (4)
     * </pre>
     */
    @Test
    void inputQuotaAnswersAndTheSearchAreCountedOneByOne(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.txt"), LONE);
        Files.writeString(dir.resolve("b.txt"), T1 + " " + T2);
        Files.writeString(dir.resolve("c.txt"), U1 + " " + U2);
        Files.write(dir.resolve("d.txt"), new byte[] {'B', 'e', 'e', (byte) 0xC3, (byte) 0x28, '.'});
        List<SeedExample> seeds = List.of(
                new SeedExample("s1", "The sky looks blue because air scatters blue light most.", "Why is the sky blue?",
                        "Air scatters blue light most."),
                new SeedExample("s2", "Ice floats because it is less dense than liquid water.", "Why does ice float?",
                        "It is less dense than water."));
        Script script = new Script()
                .on("cst:" + T1 + " " + T2, new LlmResponse("Question: Why do bees", FinishReason.LENGTH, CST_USAGE, "scripted"),
                        cst(Q_BEES, T1, T2))
                .on("cst:" + T1, "Question: What do bees carry?")
                .on("cst:" + T2, "Question: What would crops lack?")
                .on("cst:" + U1 + " " + U2, "Question: " + Q_BEES)
                .on("response:" + Q_BEES, "Penguins huddle together through the polar winter.", U1)
                .on("response-regenerate:" + Q_BEES, "Volcanoes erupt when magma rises.")
                .on("response-search:Why is the sky blue?", "Air scatters blue light most.")
                .on("response-search:Why does ice float?", "It is less dense than water.")
                .on("response-judge:Why is the sky blue?", "Yes.")
                .on("response-judge:Why does ice float?", "Yes.");
        AugCon augcon = AugCon.builder().llm(ScriptedLlm.answering(script)).scheduler(new ManualScheduler())
                .selection(s -> s.withQuota(Quota.perSentences(2)).withOversample(1).withMaxTreeRuns(1).withGlobalDedup(true))
                .responses(r -> r.withSeedExamples(seeds).withDemonstrations(1).withSearchBudget(2))
                // One root at a time: b's answer, the first with Q_BEES, is answered before c's.
                .execution(e -> e.withMaxRootsInProgress(1))
                .build();
        List<SftRecord> records = Collections.synchronizedList(new ArrayList<>());

        RunSummary s = augcon.run(dir, records::add);

        assertThat(s.documents()).isEqualTo(3);
        assertThat(s.badInputs()).isEqualTo(1);
        assertThat(s.roots()).isEqualTo(3);
        assertThat(s.rootsWithoutQuota()).isEqualTo(1);
        assertThat(s.nodesExpanded()).isEqualTo(4);
        assertThat(s.nodeFailures()).isEmpty();
        // The truncated answer was asked again by the truncation retry, not re-asked by the stage.
        assertThat(s.reasks()).isZero();
        assertThat(s.questionsRejected()).isZero();
        assertThat(s.branchEnds()).isEqualTo(Map.of("degenerate_split", 3L));
        assertThat(s.candidates()).isEqualTo(3 + 1);
        assertThat(s.kept()).isEqualTo(1 + 1);
        assertThat(s.duplicates()).isZero();
        assertThat(s.overQuota()).isEqualTo(2);
        assertThat(s.quota()).isEqualTo(0 + 1 + 1);
        assertThat(s.rootsShort()).isZero();
        assertThat(s.pairsShort()).isZero();
        assertThat(s.responseFailures()).isEmpty();
        assertThat(s.records()).isEqualTo(1).isEqualTo(records.size());
        assertThat(s.llmCalls()).isEqualTo(Map.of("cst", 2L + 1 + 1 + 1, "response", 2L, "response-regenerate", 1L,
                "response-search", 4L, "response-judge", 4L));
        assertThat(s.llmFailures()).isEmpty();
        assertThat(s.tokens()).isEqualTo(Map.of("cst", new TokenUsage(50, 20), "response", new TokenUsage(40, 16),
                "response-regenerate", new TokenUsage(20, 8), "response-search", new TokenUsage(80, 32),
                "response-judge", new TokenUsage(80, 32)));
        assertThat(s.scorer()).isEqualTo("none: candidates kept in generation order");
        assertThat(s.wallTime()).as("nothing waited on the run's clock").isZero();
        assertThat(s.resilience()).isEqualTo(new ResilienceCounts(Map.of(), Map.of(), 1, 0, -1, -1, 0, Duration.ZERO, 0));
        assertThat(s.recordFlags()).isEqualTo(Map.of("below_grounding_floor", 1L));
        // Both sets answered both seed questions right; the first best one is chosen.
        SearchReport en = s.demonstrations().get("en");
        assertThat(s.demonstrations()).containsOnlyKeys("en");
        assertThat(en.chosenIds()).containsExactly("s1");
        assertThat(en.calls()).isEqualTo(new SearchReport.Calls(4, 4, 0, 0, 0));
        assertThat(s.crossRootDuplicates()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ the breaker

    /**
     * Three one-root documents, one root at a time, one tree each, no retries, a breaker that opens when both of
     * its last two answers failed and pauses 5 s. Roots 1 and 2 fail with a 500: the breaker
     * opens at virtual time 0. Root 3's request waits for the probe, 5 s later, and fails too, so
     * the breaker opens again (10 s) and the run ends while paused. The pause is 5 s on the run's
     * clock, the time from its opening to the summary, whether or not it closed.
     */
    @Test
    void aPauseTheRunEndsInLastsUntilTheEndOnTheRunsClock() throws Exception {
        ManualScheduler time = new ManualScheduler();
        // Every call of this run fails, so the run ends by throwing (the all-failed rule); the
        // counters are read from a listener on the same clock.
        RunCounters counters = new RunCounters(time::nanoTime);
        AugCon augcon = AugCon.builder().listener(counters).llm(ScriptedLlm.answering(new Script()
                        .on("cst:" + S1 + " " + S2 + " " + S3, status(500))
                        .on("cst:" + T1 + " " + T2, status(500))
                        .on("cst:" + U1 + " " + U2, status(500))))
                .scheduler(time)
                .selection(s -> s.withMaxTreeRuns(1))
                .llmPolicy(p -> p.withResilience(Resilience.builder().retry(RetryPolicy.none())
                        .adaptive(AdaptiveConcurrency.defaults().withBreaker(1.0, 2, 2)).build()))
                .execution(e -> e.withMaxRootsInProgress(1))
                .build();
        CompletableFuture<RunSummary> run = CompletableFuture.supplyAsync(() -> {
            try {
                return augcon.run(Stream.of(Document.of("tides", S1 + " " + S2 + " " + S3),
                        Document.of("bees", T1 + " " + T2), Document.of("honey", U1 + " " + U2)), record -> { });
            } catch (Exception e) {
                throw AsyncFailure.propagate(e);
            }
        });
        // The first task on the clock is the end of the pause (nothing else waits: no retries,
        // and answers that are there at once get no deadline).
        time.awaitScheduled(1);
        time.advance(Duration.ofSeconds(5));
        assertThatThrownBy(() -> run.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(LlmUnavailableException.class);
        RunSummary s = counters.summary();

        assertThat(s.nodeFailures()).isEqualTo(Map.of("http_status", 3L));
        assertThat(s.llmFailures()).isEqualTo(Map.of("http_status", 3L));
        assertThat(s.resilience().breakerOpens()).as("one pause, opened twice").isEqualTo(1);
        assertThat(s.resilience().paused()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.resilience().format()).contains("circuit breaker pauses 1 (5.0 s)");
        assertThat(s.wallTime()).isEqualTo(Duration.ofSeconds(5));
    }
}
