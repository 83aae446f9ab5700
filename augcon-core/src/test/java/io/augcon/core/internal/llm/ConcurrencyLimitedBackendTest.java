package io.augcon.core.internal.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.testkit.ScriptedLlm;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrencyLimitedBackendTest {

    private static LlmRequest request(String prompt, long priority) {
        return LlmRequest.builder().prompt(prompt).priority(priority).build();
    }

    @Test
    void neverMoreThanTheLimitInFlight() throws Exception {
        ScriptedLlm llm = ScriptedLlm.held();
        ConcurrencyLimitedBackend limited = new ConcurrencyLimitedBackend(llm, 3);
        List<CompletableFuture<LlmResponse>> answers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            answers.add(limited.complete(request("p" + i, 0)).toCompletableFuture());
        }
        assertThat(llm.pending()).hasSize(3);
        assertThat(limited.queued()).isEqualTo(7);
        for (int answered = 0; answered < 10; answered++) {
            llm.nextCall(5, TimeUnit.SECONDS).answer(LlmResponse.of("ok"));
            assertThat(llm.inFlight()).isLessThanOrEqualTo(3);
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        assertThat(llm.maxInFlight()).isEqualTo(3);
        assertThat(limited.maxInFlight()).isEqualTo(3);
    }

    @Test
    void queuedRequestsStartLowestPriorityFirstThenInArrivalOrder() throws Exception {
        ScriptedLlm llm = ScriptedLlm.held();
        ConcurrencyLimitedBackend limited = new ConcurrencyLimitedBackend(llm, 1);
        limited.complete(request("first", 9));
        limited.complete(request("late-root-a", 5));
        limited.complete(request("early-root", 1));
        limited.complete(request("late-root-b", 5));
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ScriptedLlm.Call call = llm.nextCall(5, TimeUnit.SECONDS);
            order.add(call.request().prompt());
            call.answer(LlmResponse.of("ok"));
        }
        assertThat(order).containsExactly("first", "early-root", "late-root-a", "late-root-b");
    }

    @Test
    void aFailedRequestFreesItsSlotAndFailsOnlyItsCaller() throws Exception {
        ScriptedLlm llm = ScriptedLlm.held();
        ConcurrencyLimitedBackend limited = new ConcurrencyLimitedBackend(llm, 1);
        CompletableFuture<LlmResponse> failing = limited.complete(request("a", 0)).toCompletableFuture();
        CompletableFuture<LlmResponse> next = limited.complete(request("b", 0)).toCompletableFuture();
        llm.nextCall(5, TimeUnit.SECONDS).fail(new IllegalStateException("boom"));
        llm.nextCall(5, TimeUnit.SECONDS).answer(LlmResponse.of("fine"));
        assertThat(failing).isCompletedExceptionally();
        assertThat(next.get(5, TimeUnit.SECONDS).text()).isEqualTo("fine");
        assertThat(limited.inFlight()).isZero();
    }

    @Test
    void anAnswerIsHandedOnAndTheNextRequestStartedOnTheDispatchExecutorNotTheCompletingThread() throws Exception {
        ScriptedLlm llm = ScriptedLlm.held();
        ConcurrencyLimitedBackend limited = new ConcurrencyLimitedBackend(llm, 1);
        ArrayDeque<Runnable> dispatched = new ArrayDeque<>();
        limited.dispatchOn(dispatched::add);
        CompletableFuture<LlmResponse> first = limited.complete(request("first", 0)).toCompletableFuture();
        limited.complete(request("second", 0));
        assertThat(llm.pending()).hasSize(1);

        llm.nextCall(5, TimeUnit.SECONDS).answer(LlmResponse.of("ok"));
        // the completing thread (this one, standing in for an HTTP client's) did neither
        assertThat(first).isNotDone();
        assertThat(llm.pending()).isEmpty();
        assertThat(limited.inFlight()).isEqualTo(1);

        dispatched.poll().run();
        assertThat(first).isCompletedWithValueMatching(r -> r.text().equals("ok"));
        assertThat(llm.pending()).hasSize(1);
        assertThat(llm.nextCall(5, TimeUnit.SECONDS).request().prompt()).isEqualTo("second");
    }

    @Test
    void aRefusingDispatchExecutorLeavesTheWorkToTheCompletingThread() throws Exception {
        ScriptedLlm llm = ScriptedLlm.held();
        ConcurrencyLimitedBackend limited = new ConcurrencyLimitedBackend(llm, 1);
        ExecutorService shut = Executors.newSingleThreadExecutor();
        shut.shutdown();
        limited.dispatchOn(shut);
        CompletableFuture<LlmResponse> first = limited.complete(request("first", 0)).toCompletableFuture();
        llm.nextCall(5, TimeUnit.SECONDS).answer(LlmResponse.of("ok"));
        assertThat(first).isCompletedWithValueMatching(r -> r.text().equals("ok"));
        assertThat(limited.inFlight()).isZero();
    }

    @Test
    void synchronousBackendsDoNotRecurseDeeply() throws Exception {
        ConcurrencyLimitedBackend limited = new ConcurrencyLimitedBackend(ScriptedLlm.answering(r -> LlmResponse.of("x")), 1);
        CompletableFuture<Integer> chain = CompletableFuture.completedFuture(0);
        for (int i = 0; i < 50_000; i++) {
            chain = chain.thenCompose(n -> limited.complete(request("p", 0)).thenApply(r -> n + 1));
        }
        assertThat(chain.get(30, TimeUnit.SECONDS)).isEqualTo(50_000);
    }

    @Test
    void aLowerLimitDelaysNewStartsWithoutDroppingQueuedWorkAndZeroPauses() throws Exception {
        ScriptedLlm llm = ScriptedLlm.held();
        ConcurrencyLimitedBackend limited = new ConcurrencyLimitedBackend(llm, 4);
        List<CompletableFuture<LlmResponse>> answers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            answers.add(limited.complete(request("p" + i, 0)).toCompletableFuture());
        }
        limited.setLimit(0);
        assertThat(llm.pending()).hasSize(4);
        for (int i = 0; i < 4; i++) {
            llm.nextCall(5, TimeUnit.SECONDS).answer(LlmResponse.of("ok"));
        }
        assertThat(llm.pending()).as("paused: nothing new starts").isEmpty();
        assertThat(limited.queued()).isEqualTo(8);

        limited.setLimit(2);
        assertThat(llm.pending()).hasSize(2);
        limited.setLimit(5);
        assertThat(llm.pending()).hasSize(5);
        while (limited.queued() + llm.pending().size() > 0) {
            llm.nextCall(5, TimeUnit.SECONDS).answer(LlmResponse.of("ok"));
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        assertThat(llm.requests()).hasSize(12);
    }

    @Test
    void failFastFailsTheQueueAndNewRequestsUntilLifted() throws Exception {
        ScriptedLlm llm = ScriptedLlm.held();
        ConcurrencyLimitedBackend limited = new ConcurrencyLimitedBackend(llm, 1);
        CompletableFuture<LlmResponse> running = limited.complete(request("a", 0)).toCompletableFuture();
        CompletableFuture<LlmResponse> queued = limited.complete(request("b", 0)).toCompletableFuture();
        IllegalStateException down = new IllegalStateException("server down");
        limited.failFast(down);
        assertThat(queued).isCompletedExceptionally();
        assertThat(limited.complete(request("c", 0)).toCompletableFuture()).isCompletedExceptionally();
        llm.nextCall(5, TimeUnit.SECONDS).answer(LlmResponse.of("finished"));
        assertThat(running.get(5, TimeUnit.SECONDS).text()).isEqualTo("finished");
        limited.failFast(null);
        CompletableFuture<LlmResponse> later = limited.complete(request("d", 0)).toCompletableFuture();
        llm.nextCall(5, TimeUnit.SECONDS).answer(LlmResponse.of("again"));
        assertThat(later.get(5, TimeUnit.SECONDS).text()).isEqualTo("again");
    }
}
