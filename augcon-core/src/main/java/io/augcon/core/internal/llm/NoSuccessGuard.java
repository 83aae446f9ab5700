package io.augcon.core.internal.llm;

import io.augcon.api.AsyncFailure;
import io.augcon.api.LlmBackend;
import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.LlmUnavailableException;
import io.augcon.core.llm.BudgetExhaustedException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Ends a run whose LLM has never answered, so that no run returns normally having produced
 * nothing because every call failed (a closed port without a preflight took 57 s to return 0
 * records, issue 14). It is the outermost decorator of the chain, so it sees each call's final
 * outcome, after the truncation retry and the retries. The rule, per run:
 *
 * <ul>
 *   <li>a call <b>answered</b> when it returned a response, or failed in a way that needs an
 *       answer: cut by the token limit ({@link LlmException.Kind#TRUNCATED TRUNCATED}) or not
 *       parsable ({@link LlmException.Kind#MALFORMED_OUTPUT MALFORMED_OUTPUT});</li>
 *   <li>a call <b>failed</b> on any other failure, except a cancellation, a spent budget (which
 *       ends the run on its own) and a 400 to a request under a JSON Schema (the stage asks again
 *       in text, {@link io.augcon.core.llm.StructuredOutput});</li>
 *   <li>when no call has answered and {@value #FAILURES_TO_GIVE_UP} calls have failed, that call
 *       and every later one fail with an {@link LlmUnavailableException} whose cause is the first
 *       failure, which ends the run ({@code RunFailure});</li>
 *   <li>at the end of a run, {@link #endOfRun()} throws the same when calls failed and none
 *       answered, however few they were.</li>
 * </ul>
 * Once one call has answered, nothing here acts for the rest of the run: a server that works at
 * times is the business of the retries and the breaker. Thread-safe.
 *
 * <pre>{@code
 * NoSuccessGuard guard = new NoSuccessGuard(retrying);
 * guard.startRun();
 * // ... the run's calls go through guard ...
 * guard.endOfRun();   // throws LlmUnavailableException when every call failed
 * }</pre>
 */
public final class NoSuccessGuard implements LlmBackend {
    /** Failed calls, with none answered, after which the run ends. */
    public static final int FAILURES_TO_GIVE_UP = 5;

    private final LlmBackend delegate;

    // Written under this; read without it on every call, which must not queue on a lock.
    private volatile boolean answered;
    private volatile LlmUnavailableException gaveUp;
    // Guarded by this.
    private int failed;
    private Throwable first;

    /** Watches the calls to {@code delegate}. */
    public NoSuccessGuard(LlmBackend delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** Forgets the calls of an earlier run: each run is judged on its own calls. */
    public synchronized void startRun() {
        answered = false;
        failed = 0;
        first = null;
        gaveUp = null;
    }

    /**
     * Checks the run that just ended.
     *
     * @throws LlmUnavailableException when calls failed and none answered; its cause is the first failure
     */
    public synchronized void endOfRun() {
        if (gaveUp != null) {
            throw gaveUp;
        }
        if (failed > 0 && !answered) {
            throw unavailable();
        }
    }

    @Override
    public CompletionStage<LlmResponse> complete(LlmRequest request) {
        LlmUnavailableException stop = gaveUp;
        if (stop != null) {
            return CompletableFuture.failedFuture(stop);
        }
        CompletableFuture<LlmResponse> inFlight = DelegateCall.complete(delegate, request).toCompletableFuture();
        CompletableFuture<LlmResponse> result = new CompletableFuture<>();
        inFlight.whenComplete((response, error) -> {
            if (error == null) {
                if (!answered) {
                    answered = true;
                }
                result.complete(response);
            } else {
                result.completeExceptionally(failed(request, AsyncFailure.cause(error)));
            }
        });
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                inFlight.cancel(true);
            }
        });
        return result;
    }

    @Override
    public String modelName() {
        return delegate.modelName();
    }

    /** The backend watched, for tests of the chain's order. */
    LlmBackend delegate() {
        return delegate;
    }

    /** Counts {@code error} by the rule above; what the call fails with: {@code error}, or the run's end. */
    private synchronized Throwable failed(LlmRequest request, Throwable error) {
        LlmException.Kind kind = LlmException.kindOf(error);
        if (kind == LlmException.Kind.TRUNCATED || kind == LlmException.Kind.MALFORMED_OUTPUT) {
            answered = true;
            return error;
        }
        if (answered || kind == LlmException.Kind.CANCELLED || BudgetExhaustedException.in(error) != null
                || schemaRefused(request, error)) {
            return error;
        }
        if (first == null) {
            first = error;
        }
        if (++failed >= FAILURES_TO_GIVE_UP && gaveUp == null) {
            gaveUp = unavailable();
        }
        return gaveUp != null ? gaveUp : error;
    }

    private static boolean schemaRefused(LlmRequest request, Throwable error) {
        return request.responseSchema() != null
                && LlmException.find(error).map(e -> e.status().orElse(-1) == 400).orElse(false);
    }

    private LlmUnavailableException unavailable() {
        return new LlmUnavailableException("no LLM call of the run succeeded: " + failed + (failed == 1 ? " call" : " calls")
                + " failed, the first with: " + (first.getMessage() != null ? first.getMessage() : first.getClass().getName()),
                first);
    }
}
