package io.augcon.core.internal.llm;

import io.augcon.api.LlmBackend;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.internal.Knob;
import io.augcon.core.llm.BudgetExhaustedException;
import io.augcon.core.llm.LlmPolicy;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Caps what a run spends on its LLM: at most {@code maxCalls} calls passed on to the wrapped
 * backend and, once the tokens the answers reported reach {@code maxTokensTotal}, no further
 * call. A refused request fails with a {@link BudgetExhaustedException}, which ends the run.
 *
 * <p>Place it inside an answer cache, so replayed answers cost nothing; {@link
 * LlmPolicy#maxCalls()} and {@link LlmPolicy#maxTokensTotal()}
 * do that. Tokens are known only when an answer arrives, so the calls in flight when the token
 * budget is reached may overshoot it by their own usage; the call budget is exact.
 *
 * <pre>{@code
 * LlmBackend capped = new BudgetBackend(backend, 1_000, 2_000_000);
 * }</pre>
 */
public final class BudgetBackend implements LlmBackend {
    private final LlmBackend delegate;
    private final long maxCalls;
    private final long maxTokensTotal;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong tokens = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    /**
     * @param maxCalls       calls passed on at most, at least 0, or {@link LlmPolicy#UNLIMITED}
     * @param maxTokensTotal input plus output tokens after which no call is passed on, at least
     *                       0, or {@link LlmPolicy#UNLIMITED}
     */
    public BudgetBackend(LlmBackend delegate, long maxCalls, long maxTokensTotal) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.maxCalls = Knob.atLeast("maxCalls", maxCalls, 0);
        this.maxTokensTotal = Knob.atLeast("maxTokensTotal", maxTokensTotal, 0);
    }

    @Override
    public CompletionStage<LlmResponse> complete(LlmRequest request) {
        String spent = spent();
        if (spent != null) {
            refused.incrementAndGet();
            return CompletableFuture.failedFuture(new BudgetExhaustedException(spent));
        }
        return delegate.complete(request).whenComplete((response, error) -> {
            if (response != null) {
                tokens.addAndGet(response.usage().total());
            }
        });
    }

    /** Takes one call from the budget, or says which budget is spent. */
    private String spent() {
        if (tokens.get() >= maxTokensTotal) {
            return "the token budget is spent: " + tokens.get() + " tokens used of " + maxTokensTotal;
        }
        long taken = calls.incrementAndGet();
        if (taken > maxCalls) {
            calls.decrementAndGet();
            return "the call budget is spent: " + maxCalls + " LLM calls made of " + maxCalls;
        }
        return null;
    }

    @Override
    public String modelName() {
        return delegate.modelName();
    }

    /** Calls passed on to the wrapped backend. */
    public long calls() {
        return calls.get();
    }

    /** Tokens the answers so far reported. */
    public long tokens() {
        return tokens.get();
    }

    /** Requests refused because the budget was spent. */
    public long refused() {
        return refused.get();
    }
}
