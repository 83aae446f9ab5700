package io.augcon.core.internal.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.api.LlmBackend;
import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.LlmUnavailableException;
import io.augcon.api.ResponseSchema;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** The rule that ends a run whose LLM never answered, call by call. */
class NoSuccessGuardTest {
    private static final LlmRequest REQUEST = LlmRequest.builder().prompt("Question:").stage("cst").build();

    /** Fails or answers each call as scripted; counts the calls that reach it. */
    private static final class Script implements LlmBackend {
        final Deque<Throwable> outcomes = new ArrayDeque<>();
        int calls;

        Script failing(int times, String message) {
            for (int i = 1; i <= times; i++) {
                outcomes.add(new LlmException(LlmException.Kind.CONNECTION, message + " " + i));
            }
            return this;
        }

        @Override
        public CompletionStage<LlmResponse> complete(LlmRequest request) {
            calls++;
            Throwable next = outcomes.poll();
            return next == null ? CompletableFuture.completedFuture(LlmResponse.of("Question: why?"))
                    : CompletableFuture.failedFuture(next);
        }
    }

    private static Throwable failureOf(LlmBackend backend, LlmRequest request) {
        CompletableFuture<LlmResponse> f = backend.complete(request).toCompletableFuture();
        assertThat(f).isCompletedExceptionally();
        try {
            f.join();
            throw new AssertionError("not failed");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    @Test
    void theFifthFailureWithNoAnswerEndsTheRunAndLaterCallsFailWithoutReachingTheBackend() {
        Script script = new Script().failing(6, "refused");
        NoSuccessGuard guard = new NoSuccessGuard(script);
        guard.startRun();
        for (int i = 1; i < NoSuccessGuard.FAILURES_TO_GIVE_UP; i++) {
            assertThat(failureOf(guard, REQUEST)).isNotInstanceOf(LlmUnavailableException.class).hasMessage("refused " + i);
        }
        Throwable fifth = failureOf(guard, REQUEST);
        assertThat(fifth).isInstanceOf(LlmUnavailableException.class)
                .hasMessage("no LLM call of the run succeeded: 5 calls failed, the first with: refused 1");
        assertThat(fifth.getCause()).hasMessage("refused 1");
        assertThat(((LlmException) fifth).kind()).isEqualTo(LlmException.Kind.CONNECTION);

        assertThat(failureOf(guard, REQUEST)).isSameAs(fifth);
        assertThat(script.calls).isEqualTo(5);
        assertThatThrownBy(guard::endOfRun).isSameAs(fifth);
    }

    @Test
    void fewerFailuresWithNoAnswerThrowAtTheEndOfTheRun() {
        NoSuccessGuard guard = new NoSuccessGuard(new Script().failing(2, "refused"));
        guard.startRun();
        failureOf(guard, REQUEST);
        failureOf(guard, REQUEST);
        assertThatThrownBy(guard::endOfRun).isInstanceOf(LlmUnavailableException.class)
                .hasMessage("no LLM call of the run succeeded: 2 calls failed, the first with: refused 1")
                .cause().hasMessage("refused 1");
    }

    @Test
    void oneAnswerMeansTheServerWorksAndLaterFailuresStayTheirCalls() {
        Script script = new Script();
        NoSuccessGuard guard = new NoSuccessGuard(script);
        guard.startRun();
        assertThat(guard.complete(REQUEST).toCompletableFuture().join().text()).isEqualTo("Question: why?");
        script.failing(10, "refused");
        for (int i = 1; i <= 10; i++) {
            assertThat(failureOf(guard, REQUEST)).hasMessage("refused " + i);
        }
        guard.endOfRun();
    }

    @Test
    void anAnswerThatCouldNotBeUsedStillShowsTheServerAnswers() {
        Script script = new Script();
        script.outcomes.add(new LlmException(LlmException.Kind.TRUNCATED, "cut at 256 tokens"));
        script.failing(5, "refused");
        NoSuccessGuard guard = new NoSuccessGuard(script);
        guard.startRun();
        for (int i = 0; i < 6; i++) {
            assertThat(failureOf(guard, REQUEST)).isNotInstanceOf(LlmUnavailableException.class);
        }
        guard.endOfRun();
    }

    @Test
    void cancellationsAndRefusedSchemasAreNotCounted() {
        Script script = new Script();
        LlmRequest underSchema = REQUEST.toBuilder()
                .responseSchema(new ResponseSchema("cst", "{\"type\":\"object\"}")).build();
        for (int i = 0; i < 5; i++) {
            script.outcomes.add(LlmException.forStatus(400, "HTTP 400: response_format is not supported"));
            script.outcomes.add(new LlmException(LlmException.Kind.CANCELLED, "cancelled"));
        }
        NoSuccessGuard guard = new NoSuccessGuard(script);
        guard.startRun();
        for (int i = 0; i < 5; i++) {
            assertThat(failureOf(guard, underSchema)).hasMessageContaining("response_format");
            assertThat(failureOf(guard, REQUEST)).hasMessage("cancelled");
        }
        guard.endOfRun();
    }

    @Test
    void eachRunIsJudgedOnItsOwnCalls() {
        NoSuccessGuard guard = new NoSuccessGuard(new Script().failing(1, "refused"));
        guard.startRun();
        failureOf(guard, REQUEST);
        guard.startRun();
        guard.complete(REQUEST).toCompletableFuture().join();
        guard.endOfRun();
    }
}
