package io.augcon.llm.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.api.FinishReason;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.SftRecord;
import io.augcon.core.AugCon;
import io.augcon.core.llm.Resilience;
import io.augcon.core.llm.RetryPolicy;
import io.augcon.core.run.RunSummary;
import io.augcon.llm.TestCorpus;
import io.augcon.llm.openai.OpenAiChatBackend;
import io.augcon.testkit.LoopbackOpenAiServer;
import io.augcon.testkit.ManualScheduler;
import io.augcon.testkit.ScriptedAnswers;
import io.augcon.testkit.ScriptedLlm;
import io.augcon.testkit.ServerFault;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Whole runs through the OpenAI chat backend against a loopback server scripted to fail. Each
 * case: the run finishes, the counts of the summary are the faults the server injected, and the
 * records are exactly those of a fault-free run of the same corpus and seed (none lost, none
 * doubled). Waits run on virtual time, so a Retry-After of seconds costs none.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FaultInjectionRunTest {
    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private static List<SftRecord> cleanRecords;
    private static RunSummary cleanSummary;

    private final LoopbackOpenAiServer server = LoopbackOpenAiServer.builder().model("loopback")
            .handler(ScriptedLlm.immediate()).build().start();

    record Run(List<SftRecord> records, RunSummary summary, ManualScheduler time) {}

    static Run run(LoopbackOpenAiServer server, Duration httpTimeout) throws Exception {
        ManualScheduler time = ManualScheduler.autoAdvancing();
        AugCon augcon = AugCon.builder()
                .llm(OpenAiChatBackend.builder().baseUrl(server.baseUrl()).model("loopback")
                        .timeout(httpTimeout).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build())
                .concurrency(4)
                .seed(11)
                // Enough attempts to outlast any injected burst, whichever requests it hits.
                .scheduler(time)
                // Virtual time that runs each task at once would fire the request timeout before the server
                // answers; the HTTP client's own timeout is the one under test.
                .llmPolicy(p -> p.withResilience(Resilience.builder().retry(RetryPolicy.builder().maxAttempts(12).build())
                        .requestTimeout(Resilience.NO_REQUEST_TIMEOUT).build()))
                .build();
        List<SftRecord> records = Collections.synchronizedList(new ArrayList<>());
        RunSummary summary = augcon.run(TestCorpus.DOCUMENTS.stream(), records::add);
        return new Run(List.copyOf(records), summary, time);
    }

    @BeforeAll
    static void cleanRun() throws Exception {
        try (LoopbackOpenAiServer clean = LoopbackOpenAiServer.builder().model("loopback")
                .handler(ScriptedLlm.immediate()).build().start()) {
            Run run = run(clean, Duration.ofSeconds(10));
            cleanRecords = run.records();
            cleanSummary = run.summary();
        }
        assertThat(cleanRecords).hasSizeGreaterThan(5);
        assertThat(cleanSummary.llmFailures()).isEmpty();
    }

    @AfterEach
    void close() {
        server.close();
    }

    /** The run finished with the clean run's records, no branch or answer lost, no give-up. */
    private static void sameRecords(Run run) {
        assertThat(run.records()).as("records of the faulty run").isEqualTo(cleanRecords);
        assertThat(run.summary().nodeFailures()).isEmpty();
        assertThat(run.summary().responseFailures()).isEmpty();
        assertThat(run.summary().resilience().gaveUp()).isEmpty();
    }

    private Run faulty(ServerFault fault, int times) throws Exception {
        // Only hangs should time out, even on a loaded machine.
        Duration timeout = fault.toString().equals("hang") ? Duration.ofSeconds(1) : Duration.ofSeconds(10);
        server.inject(fault, times);
        Run run = run(server, timeout);
        assertThat(server.faultsInjected()).containsEntry(fault, times);
        sameRecords(run);
        assertThat(run.summary().totalLlmCalls()).isEqualTo(cleanSummary.totalLlmCalls() + times);
        return run;
    }

    @Test
    void aBurstOf500sIsRetriedAway() throws Exception {
        Run run = faulty(ServerFault.status(500), 8);
        assertThat(run.summary().llmFailures()).containsExactly(java.util.Map.entry("http_status", 8L));
        assertThat(run.summary().resilience().retries()).containsExactly(java.util.Map.entry("http_status", 8L));
    }

    @Test
    void rateLimitsWaitTheirRetryAfterInSecondsAndCutTheConcurrencyLimit() throws Exception {
        Run run = faulty(ServerFault.rateLimited("2"), 5);
        assertThat(run.summary().resilience().retries()).containsExactly(java.util.Map.entry("rate_limited", 5L));
        // Each retry waits at least the asked 2 s; a request that meets four of the five 429s in a row
        // (the limit cut to 1 sends its retry first) backs off longer than that on its fourth retry.
        assertThat(run.time().delays()).hasSize(5).allSatisfy(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ofSeconds(2)));
        assertThat(run.summary().resilience().limitCuts()).isPositive();
        assertThat(run.summary().resilience().lowestLimit()).isLessThan(4);
    }

    @Test
    void rateLimitsWaitTheirRetryAfterGivenAsAnHttpDate() throws Exception {
        String inFourSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(NOW.plusSeconds(4), ZoneOffset.UTC));
        Run run = faulty(ServerFault.rateLimited(inFourSeconds), 3);
        assertThat(run.summary().resilience().retries()).containsExactly(java.util.Map.entry("rate_limited", 3L));
        assertThat(run.time().delays().stream().filter(Duration.ofSeconds(4)::equals)).hasSize(3);
    }

    @Test
    void resetConnectionsAreRetried() throws Exception {
        Run run = faulty(ServerFault.closeConnection(), 5);
        assertThat(run.summary().resilience().retries()).containsExactly(java.util.Map.entry("connection", 5L));
    }

    @Test
    void hangsPastTheTimeoutAreRetried() throws Exception {
        Run run = faulty(ServerFault.hang(), 3);
        assertThat(run.summary().llmFailures()).containsExactly(java.util.Map.entry("timeout", 3L));
        assertThat(run.summary().resilience().retries()).containsExactly(java.util.Map.entry("timeout", 3L));
    }

    @Test
    void truncatedJsonBodiesAreRetried() throws Exception {
        Run run = faulty(ServerFault.truncatedJson(), 4);
        assertThat(run.summary().resilience().retries()).containsExactly(java.util.Map.entry("malformed_response", 4L));
    }

    @Test
    void anHtmlPageInsteadOfJsonIsRetried() throws Exception {
        Run run = faulty(ServerFault.htmlPage(), 4);
        assertThat(run.summary().llmFailures()).containsExactly(java.util.Map.entry("malformed_response", 4L));
    }

    @Test
    void anAnswerCutByTheTokenLimitIsAskedAgainWithMoreTokensAndTheSameSeed() throws Exception {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger cuts = new AtomicInteger();
        List<LlmRequest> cutRequests = Collections.synchronizedList(new ArrayList<>());
        try (LoopbackOpenAiServer cutting = LoopbackOpenAiServer.builder().model("loopback").handler(ScriptedLlm.answering(r -> {
            LlmResponse whole = ScriptedAnswers.answer(r);
            boolean first = seen.add(r.asMessages() + "|" + r.seed());
            if (first && cuts.incrementAndGet() <= 3) {
                cutRequests.add(r);
                return new LlmResponse(whole.text().substring(0, whole.text().length() / 2), FinishReason.LENGTH,
                        whole.usage(), "loopback");
            }
            return whole;
        })).build().start()) {
            Run run = run(cutting, Duration.ofSeconds(10));
            sameRecords(run);
            assertThat(run.summary().llmFailures()).isEmpty();
            assertThat(run.summary().resilience().truncationRetries()).isEqualTo(3);
            assertThat(run.summary().totalLlmCalls()).isEqualTo(cleanSummary.totalLlmCalls() + 3);
            List<LlmRequest> asked = cutting.requests();
            assertThat(cutRequests).hasSize(3);
            for (LlmRequest cut : cutRequests) {
                assertThat(asked).as("the retry of a cut answer: twice the tokens, the same seed")
                        .anySatisfy(r -> {
                            assertThat(r.asMessages()).isEqualTo(cut.asMessages());
                            assertThat(r.seed()).isEqualTo(cut.seed());
                            assertThat(r.maxTokens()).isEqualTo(2 * cut.maxTokens());
                        });
            }
        }
    }
}
