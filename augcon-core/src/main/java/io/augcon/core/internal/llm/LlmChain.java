package io.augcon.core.internal.llm;

import io.augcon.api.LlmBackend;
import io.augcon.api.Scheduler;
import io.augcon.core.event.LlmCallListener;
import io.augcon.core.event.ResilienceListener;
import io.augcon.core.llm.LlmPolicy;
import io.augcon.core.llm.Resilience;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The one place a run's {@link LlmBackend} is wrapped in its decorators. From the stages inward:
 *
 * <ol>
 *   <li>{@link NoSuccessGuard}: sees each call's final outcome, and ends a run in which every call
 *       failed;</li>
 *   <li>{@link TruncationRetryBackend}: a truncated answer is asked again once with more tokens;</li>
 *   <li>{@link RetryingBackend}: transient failures are retried with backoff, waiting without a slot;</li>
 *   <li>{@link ConcurrencyLimitedBackend}: the run-wide bound on requests in flight, moved by
 *       {@link AdaptiveLimiter} when that is on; retries re-enter its queue with their priority;</li>
 *   <li>the user's decorators ({@link io.augcon.core.AugConBuilder#decorate}), the last added
 *       outermost: they see every attempt the limiter lets through;</li>
 *   <li>{@link BudgetBackend}, when a budget is set: refuses calls past it;</li>
 *   <li>{@link RateLimitedBackend}, when a requests- or tokens-per-minute limit is set: holds
 *       each attempt until the quotas allow it; inside the budget, so a refused call takes no
 *       quota, and inside the user's decorators, so a cached answer takes none either;</li>
 *   <li>{@link MeteredBackend}: every call that reaches the backend is counted with its usage and
 *       latency (a cache decorator's hit above it is not);</li>
 *   <li>{@link TimeoutBackend}: the one place the backend is called; a call with no answer within
 *       the request timeout ({@link Resilience#DEFAULT_REQUEST_TIMEOUT} unless set otherwise) fails,
 *       and a backend that returns {@code null} is named;</li>
 *   <li>the backend.</li>
 * </ol>
 * Which of these are present follows the {@link LlmPolicy}; the order never changes.
 *
 * <pre>{@code
 * LlmChain chain = LlmChain.around(backend, LlmPolicy.DEFAULTS, List.of(), Scheduler.system(),
 *         LlmCallListener.NONE, ResilienceListener.NONE);
 * LlmBackend forStages = chain.backend();
 * }</pre>
 *
 * @param backend    what the stages call
 * @param limiter    the run-wide limiter inside it
 * @param controller drives the limiter, or {@code null} for a fixed limit
 * @param guard      the outermost decorator ({@code backend} itself), told when a run starts and ends
 */
public record LlmChain(LlmBackend backend, ConcurrencyLimitedBackend limiter, AdaptiveLimiter controller,
        NoSuccessGuard guard) {

    /**
     * Wraps {@code backend} as the class description says.
     *
     * @param policy     concurrency, resilience, budgets and rate limits
     * @param decorators the user's decorators, in the order added
     * @param scheduler  the clock and timer of backoff, timeouts, pauses and rate limits
     * @param calls      hears every call that reaches the backend
     * @param resilience hears retries, limit changes and pauses
     */
    public static LlmChain around(LlmBackend backend, LlmPolicy policy, List<UnaryOperator<LlmBackend>> decorators,
            Scheduler scheduler, LlmCallListener calls, ResilienceListener resilience) {
        Objects.requireNonNull(backend, "backend");
        Resilience settings = policy.resilience();
        LlmBackend inner = new TimeoutBackend(backend, settings.requestTimeout(), scheduler);
        inner = new MeteredBackend(inner, calls);
        if (policy.hasRateLimit()) {
            inner = new RateLimitedBackend(inner, policy.maxRequestsPerMinute(), policy.maxTokensPerMinute(), scheduler);
        }
        if (policy.hasBudget()) {
            inner = new BudgetBackend(inner, policy.maxCalls(), policy.maxTokensTotal());
        }
        for (UnaryOperator<LlmBackend> decorator : decorators) {
            inner = Objects.requireNonNull(decorator.apply(inner), "a decorator returned null");
        }
        AdaptiveLimiter controller = null;
        ConcurrencyLimitedBackend limiter;
        boolean retried = settings.retry().maxAttempts() > 1;
        if (settings.adaptive() != null) {
            controller = AdaptiveLimiter.around(inner, policy.concurrency(), settings.adaptive(), retried, scheduler,
                    resilience);
            limiter = controller.limiter();
        } else {
            limiter = new ConcurrencyLimitedBackend(inner, policy.concurrency());
        }
        LlmBackend outer = retried
                ? new RetryingBackend(limiter, settings.retry(), scheduler, resilience) : limiter;
        if (settings.truncationRetryFactor() > 1) {
            outer = new TruncationRetryBackend(outer, settings.truncationRetryFactor(), settings.truncationMaxTokens(),
                    resilience);
        }
        NoSuccessGuard guard = new NoSuccessGuard(outer);
        return new LlmChain(guard, limiter, controller, guard);
    }
}
