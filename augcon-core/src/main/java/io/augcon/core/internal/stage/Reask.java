package io.augcon.core.internal.stage;

import io.augcon.api.LlmBackend;
import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.Seeds;
import io.augcon.api.internal.Knob;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.IntFunction;

/**
 * Asks an LLM until an answer is usable, a bounded number of times. Each attempt carries its own
 * seed ({@link #attemptSeed}), so a re-ask samples a different answer while a rerun of the whole
 * pipeline asks exactly the same requests. Transport failures are not retried here: they pass
 * through as they are, for a retrying backend decorator to handle.
 */
public final class Reask {
    private Reask() {}

    /** Turns an answer into a result, or throws an {@link LlmException} saying why it is unusable. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(LlmResponse response, int failedAttempts);
    }

    /**
     * What {@link #ask} fails with when every attempt's answer was unusable: the last problem's
     * kind and message, and how many answers there were, so the run can count the re-asks of
     * what failed as well as of what succeeded.
     */
    public static final class GaveUp extends LlmException {
        private static final long serialVersionUID = 1L;
        private final int attempts;

        GaveUp(String what, int attempts, LlmException last) {
            super(last.kind(), what + ": no usable answer in " + attempts + " attempts; last: " + last.getMessage(), last);
            this.attempts = attempts;
        }

        /** The answers asked for, all unusable: the first ask and {@code attempts - 1} re-asks. */
        public int attempts() {
            return attempts;
        }
    }

    /**
     * The re-asks behind {@code failure}: {@code attempts - 1} when it is (or was caused by) a
     * {@link GaveUp}, else 0. A failure of another kind on a re-ask (a connection lost after
     * retries) carries no count, so its earlier re-asks are not known here.
     */
    public static int reasksBehind(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof GaveUp) {
                return ((GaveUp) c).attempts() - 1;
            }
        }
        return 0;
    }

    /** The seed of attempt {@code attempt}: the base seed for the first, derived ones after. */
    public static long attemptSeed(long seed, int attempt) {
        return attempt == 0 ? seed : Seeds.derive(seed, "attempt", Integer.toString(attempt));
    }

    /**
     * Sends {@code requestFor.apply(attempt)} for attempt 0, 1, ... until {@code reader} accepts
     * an answer or {@code maxAttempts} answers were unusable; then fails with a {@link GaveUp} of
     * the last problem's kind and a message naming {@code what}.
     */
    public static <T> CompletionStage<T> ask(
            LlmBackend backend, IntFunction<LlmRequest> requestFor, Reader<T> reader, int maxAttempts, String what) {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(requestFor, "requestFor");
        Objects.requireNonNull(reader, "reader");
        Knob.atLeast("maxAttempts", maxAttempts, 1);
        return attempt(backend, requestFor, reader, maxAttempts, what, 0, null);
    }

    private static <T> CompletionStage<T> attempt(LlmBackend backend, IntFunction<LlmRequest> requestFor,
            Reader<T> reader, int maxAttempts, String what, int attempt, LlmException last) {
        if (attempt >= maxAttempts) {
            return CompletableFuture.failedFuture(new GaveUp(what, maxAttempts, last));
        }
        return backend.complete(requestFor.apply(attempt)).thenCompose(response -> {
            try {
                return CompletableFuture.completedFuture(reader.read(response, attempt));
            } catch (LlmException problem) {
                return attempt(backend, requestFor, reader, maxAttempts, what, attempt + 1, problem);
            }
        });
    }
}
