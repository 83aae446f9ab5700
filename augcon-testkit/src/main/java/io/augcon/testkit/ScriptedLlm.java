package io.augcon.testkit;

import io.augcon.api.ChatMessage;
import io.augcon.api.FinishReason;
import io.augcon.api.LlmBackend;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A scripted {@link LlmBackend} for tests: no model, deterministic answers, and full control
 * over when each answer arrives.
 *
 * <p>By default it answers at once with {@link ScriptedAnswers#answer}: a CST prompt gets a
 * question and a split of its target context at a sentence boundary, an answering prompt gets
 * the context's first sentence. Give your own function with {@link #answering(Function)}.
 *
 * <p>In {@linkplain #held() held} mode every request waits in {@link #pending()} until the test
 * completes it, so a test can see exactly which requests are in flight together, without
 * sleeping:
 *
 * <pre>{@code
 * ScriptedLlm llm = ScriptedLlm.held();
 * // ... start a pipeline on another thread ...
 * ScriptedLlm.Call root = llm.nextCall(5, TimeUnit.SECONDS);
 * root.answer();                                    // answer with the default script
 * ScriptedLlm.Call first = llm.nextCall(5, TimeUnit.SECONDS);
 * ScriptedLlm.Call second = llm.nextCall(5, TimeUnit.SECONDS);   // both children in flight
 * }</pre>
 */
public final class ScriptedLlm implements LlmBackend {
    private final boolean held;
    private final Function<LlmRequest, LlmResponse> script;
    private final BlockingQueue<Call> pending = new LinkedBlockingQueue<>();
    private final List<LlmRequest> requests = new ArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    private ScriptedLlm(boolean held, Function<LlmRequest, LlmResponse> script) {
        this.held = held;
        this.script = Objects.requireNonNull(script, "script");
    }

    /** Answers every request at once with the default script. */
    public static ScriptedLlm immediate() {
        return new ScriptedLlm(false, ScriptedAnswers::answer);
    }

    /** Answers every request at once with {@code script}. */
    public static ScriptedLlm answering(Function<LlmRequest, LlmResponse> script) {
        return new ScriptedLlm(false, script);
    }

    /** Holds every request until the test answers it through {@link #nextCall}. */
    public static ScriptedLlm held() {
        return new ScriptedLlm(true, ScriptedAnswers::answer);
    }

    /** One request waiting for its answer, in held mode. */
    public final class Call {
        private final LlmRequest request;
        private final CompletableFuture<LlmResponse> result = new CompletableFuture<>();

        private Call(LlmRequest request) {
            this.request = request;
        }

        /** The request as the backend received it, after every decorator in front of this backend. */
        public LlmRequest request() {
            return request;
        }

        /** Answers with the default script. */
        public void answer() {
            answer(script.apply(request));
        }

        /** Answers with {@code response}. */
        public void answer(LlmResponse response) {
            inFlight.decrementAndGet();
            result.complete(response);
        }

        /** Fails the request with {@code error}. */
        public void fail(Throwable error) {
            inFlight.decrementAndGet();
            result.completeExceptionally(error);
        }
    }

    @Override
    public CompletionStage<LlmResponse> complete(LlmRequest request) {
        synchronized (requests) {
            requests.add(request);
        }
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        Call call = new Call(request);
        if (held) {
            pending.add(call);
        } else {
            try {
                call.answer(script.apply(request));
            } catch (RuntimeException e) {
                call.fail(e);
            }
        }
        return call.result;
    }

    @Override
    public String modelName() {
        return "scripted";
    }

    /**
     * The next request that arrived and is waiting, in held mode.
     *
     * @throws IllegalStateException when none arrives within the timeout
     */
    public Call nextCall(long timeout, TimeUnit unit) throws InterruptedException {
        Call call = pending.poll(timeout, unit);
        if (call == null) {
            throw new IllegalStateException("no request arrived within " + timeout + " " + unit);
        }
        return call;
    }

    /** Requests waiting for an answer, in held mode. */
    public BlockingQueue<Call> pending() {
        return pending;
    }

    /** Every request received so far, in arrival order. */
    public List<LlmRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** Requests received and not yet answered. */
    public int inFlight() {
        return inFlight.get();
    }

    /** The most requests that were ever unanswered at once. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    /** A stopped answer with usage estimated as {@link ScriptedAnswers#estimateTokens}. */
    public static LlmResponse reply(LlmRequest request, String text) {
        long in = 0;
        for (ChatMessage m : request.asMessages()) {
            in += ScriptedAnswers.estimateTokens(m.content());
        }
        return new LlmResponse(text, FinishReason.STOP, new TokenUsage(in, ScriptedAnswers.estimateTokens(text)), "scripted");
    }
}
