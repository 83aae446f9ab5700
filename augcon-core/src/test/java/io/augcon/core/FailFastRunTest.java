package io.augcon.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.api.Document;
import io.augcon.api.LlmBackend;
import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.LlmUnavailableException;
import io.augcon.core.internal.llm.NoSuccessGuard;
import io.augcon.testkit.ManualScheduler;
import io.augcon.testkit.ScriptedAnswers;
import io.augcon.testkit.ScriptedLlm;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A run whose LLM cannot answer ends with a typed exception instead of returning normally with
 * nothing made: by the backend's preflight before the corpus is read, or by the rule that no call
 * succeeded.
 */
class FailFastRunTest {
    private static final List<Document> CORPUS = AugConPipelineTest.corpus();

    /** A backend of a user's own whose every call throws, as the first-contact report's did. */
    private static final class AlwaysThrows implements LlmBackend {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public CompletionStage<LlmResponse> complete(LlmRequest request) {
            throw new IllegalStateException("gateway refused call " + calls.incrementAndGet());
        }
    }

    @Test
    void aCustomBackendThatAlwaysThrowsEndsTheRunWithTheFirstFailureAsItsCause() {
        AlwaysThrows broken = new AlwaysThrows();
        AugCon augcon = AugCon.builder().llm(broken).concurrency(4).scheduler(ManualScheduler.autoAdvancing()).build();

        assertThatThrownBy(() -> augcon.generate(CORPUS))
                .isInstanceOf(LlmUnavailableException.class)
                .hasMessageStartingWith("no LLM call of the run succeeded: ")
                .hasMessageContaining("gateway refused call ")
                .cause().isInstanceOf(IllegalStateException.class).hasMessageStartingWith("gateway refused call ");
        // The run stopped feeding roots: a handful of calls, not one per node of the corpus.
        assertThat(broken.calls.get()).isLessThan(NoSuccessGuard.FAILURES_TO_GIVE_UP + 4 + 1);
    }

    @Test
    void aServerThatFailsSomeCallsStillEndsNormally() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AugCon augcon = AugCon.builder().concurrency(1).scheduler(ManualScheduler.autoAdvancing())
                .llm(ScriptedLlm.answering(request -> {
                    if (calls.incrementAndGet() % 3 == 0) {
                        throw new LlmException(LlmException.Kind.HTTP_STATUS, 400, "HTTP 400: context too long", null);
                    }
                    return ScriptedAnswers.answer(request);
                }))
                .build();

        assertThat(augcon.generate(CORPUS).records()).isNotEmpty();
    }

    /** Answers every call; its preflight fails, or counts that it was asked. */
    private static final class Checked implements LlmBackend {
        final LlmBackend answers = ScriptedLlm.answering(ScriptedAnswers::answer);
        final AtomicInteger preflights = new AtomicInteger();
        final LlmUnavailableException refusal;

        Checked(LlmUnavailableException refusal) {
            this.refusal = refusal;
        }

        @Override
        public CompletionStage<LlmResponse> complete(LlmRequest request) {
            return answers.complete(request);
        }

        @Override
        public CompletionStage<Void> preflight(Duration timeout) {
            preflights.incrementAndGet();
            assertThat(timeout).isEqualTo(AugCon.PREFLIGHT_TIMEOUT);
            return refusal == null ? CompletableFuture.completedFuture(null) : CompletableFuture.failedFuture(refusal);
        }
    }

    @Test
    void aFailedPreflightEndsTheRunBeforeTheCorpusIsRead() {
        LlmUnavailableException refusal = new LlmUnavailableException("HTTP 401 from http://llm.example/v1/models: bad key", null);
        AtomicInteger read = new AtomicInteger();
        AugCon augcon = AugCon.builder().llm(new Checked(refusal)).build();

        assertThatThrownBy(() -> augcon.run(CORPUS.stream().peek(d -> read.incrementAndGet()), record -> { }))
                .isSameAs(refusal);
        assertThat(read).hasValue(0);
    }

    @Test
    void aPreflightIsAskedOncePerRunAndNotAtAllWhenSwitchedOff() throws Exception {
        Checked on = new Checked(null);
        AugCon.builder().llm(on).build().run(Stream.of(CORPUS.get(0)), record -> { });
        assertThat(on.preflights).hasValue(1);

        LlmUnavailableException refusal = new LlmUnavailableException("would fail", null);
        Checked off = new Checked(refusal);
        AugCon augcon = AugCon.builder().llm(off).llmPolicy(p -> p.withPreflight(false)).build();
        assertThat(augcon.generate(List.of(CORPUS.get(0))).records()).isNotEmpty();
        assertThat(off.preflights).hasValue(0);
    }

    @Test
    void anExplicitPreflightThatPassedIsNotAskedAgainByTheRunsAfterIt() throws Exception {
        Checked checked = new Checked(null);
        AugCon augcon = AugCon.builder().llm(checked).build();
        augcon.preflight();
        augcon.run(Stream.of(CORPUS.get(0)), record -> { });
        augcon.generate(List.of(CORPUS.get(0)));
        assertThat(checked.preflights).hasValue(1);
    }

    @Test
    void anExplicitPreflightThrowsTheRefusalAndTheRunAfterItAsksAgain() {
        LlmUnavailableException refusal = new LlmUnavailableException("HTTP 403 from http://llm.example/v1/models: no", null);
        Checked refused = new Checked(refusal);
        AugCon augcon = AugCon.builder().llm(refused).build();
        assertThatThrownBy(augcon::preflight).isSameAs(refusal);
        assertThatThrownBy(() -> augcon.generate(List.of(CORPUS.get(0)))).isSameAs(refusal);
        assertThat(refused.preflights).hasValue(2);
    }
}
