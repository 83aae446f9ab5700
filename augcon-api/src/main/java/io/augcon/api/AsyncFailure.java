package io.augcon.api;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The two things every asynchronous stage does with a failed future: find the failure inside the
 * {@link CompletionException} / {@link ExecutionException} wrappers the futures add, and pass a
 * failure on from a callback without wrapping it twice.
 *
 * <pre>{@code
 * backend.complete(request).handle((answer, error) -> {
 *     if (error != null && RunFailure.endsTheRun(error)) {
 *         throw AsyncFailure.propagate(error);
 *     }
 *     ...
 * });
 * Throwable cause = AsyncFailure.cause(error);
 * }</pre>
 */
public final class AsyncFailure {
    private AsyncFailure() {}

    /** {@code failure} without its {@code CompletionException} and {@code ExecutionException} wrappers. */
    public static Throwable cause(Throwable failure) {
        Throwable c = failure;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    /**
     * {@code failure} as the {@link CompletionException} to throw from a future's callback: itself
     * when it already is one, else wrapped, so the next stage sees one wrapper, not a nest of them.
     */
    public static CompletionException propagate(Throwable failure) {
        return failure instanceof CompletionException ? (CompletionException) failure : new CompletionException(failure);
    }
}
