package io.augcon.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.api.LlmBackend;
import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.LlmUnavailableException;
import io.augcon.api.AsyncFailure;
import io.augcon.core.event.PipelineListener;
import io.augcon.core.llm.Resilience;
import io.augcon.core.run.RunSummary;
import io.augcon.testkit.ManualScheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, "a custom backend whose future never completes (library, defaults): the run hangs
 * forever". With nothing configured but a virtual clock, the run now ends, and what ended it is
 * the default request timeout.
 */
class NoHangByDefaultTest {

    /** A backend of the user's whose answer never comes. */
    private static final class NeverAnswers implements LlmBackend {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public CompletionStage<LlmResponse> complete(LlmRequest request) {
            calls.incrementAndGet();
            return new CompletableFuture<>();
        }
    }

    @Test
    void aBackendWhoseAnswerNeverComesEndsTheRunWithATimeout() throws Exception {
        // Virtual time that jumps to each deadline: ten minutes pass without anyone waiting.
        ManualScheduler time = ManualScheduler.autoAdvancing();
        NeverAnswers silent = new NeverAnswers();
        List<Throwable> callFailures = new CopyOnWriteArrayList<>();
        AugCon augcon = AugCon.builder().llm(silent).scheduler(time).listener(new PipelineListener() {
            @Override
            public void llmCallDone(LlmRequest request, LlmResponse response, Throwable error, long latencyNanos) {
                callFailures.add(error);
            }
        }).build();

        CompletableFuture<RunSummary> run = CompletableFuture.supplyAsync(() -> {
            try {
                return augcon.run(AugConPipelineTest.corpus().stream(), record -> { });
            } catch (Exception e) {
                throw AsyncFailure.propagate(e);
            }
        });
        // A guard against the old hang, not a measurement: the run needs about a second. Every
        // call times out, so the all-failed rule ends it by throwing, with the first timeout as cause.
        assertThatThrownBy(() -> run.get(60, TimeUnit.SECONDS)).cause()
                .isInstanceOf(LlmUnavailableException.class)
                .cause().hasMessage("no answer within 600000 ms from " + NeverAnswers.class.getName());

        assertThat(time.delays()).contains(Resilience.DEFAULT_REQUEST_TIMEOUT);
        // Calls still in flight when the run ended are abandoned, so at least the rule's five
        // failures were heard, and at most one per call.
        assertThat(callFailures).hasSizeBetween(5, silent.calls.get()).allSatisfy(error -> {
            assertThat(LlmException.kindOf(error)).isEqualTo(LlmException.Kind.TIMEOUT);
            assertThat(error).hasMessage("no answer within 600000 ms from " + NeverAnswers.class.getName());
        });
    }
}
