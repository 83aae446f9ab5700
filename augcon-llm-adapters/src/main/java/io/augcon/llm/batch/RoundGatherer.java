package io.augcon.llm.batch;

import io.augcon.api.LlmException;
import io.augcon.api.LlmResponse;
import io.augcon.api.Scheduler;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * The round being gathered, and when it closes: at the request cap, before a line that would pass
 * the byte cap, when no request came for the quiet window, or at the longest gathering time. Its
 * methods run under the owning {@link BatchBackend}'s lock; a timer that fires hands its round to
 * {@code timedOut}, which takes the lock and calls {@link #closeIf}.
 */
final class RoundGatherer {
    private final BatchLimits limits;
    private final Scheduler windowScheduler;
    private final Consumer<Round> timedOut;
    private Round open;
    private Scheduler.Task quietTimer;
    private Scheduler.Task gatherTimer;

    RoundGatherer(BatchLimits limits, Scheduler windowScheduler, Consumer<Round> timedOut) {
        this.limits = limits;
        this.windowScheduler = windowScheduler;
        this.timedOut = timedOut;
    }

    /** The open round when it holds {@code key}, else {@code null}. */
    Round holding(String key) {
        return open != null && open.keys.contains(key) ? open : null;
    }

    /**
     * Adds {@code line} (not held yet) with the future waiting on it; the rounds the caps close go
     * to {@code closed}, and a new round takes its number from {@code nextNumber}.
     */
    void add(String key, byte[] line, CompletableFuture<LlmResponse> future, IntSupplier nextNumber, List<Round> closed) {
        if (line.length + 1L > limits.maxBytes()) {
            future.completeExceptionally(new LlmException(LlmException.Kind.OTHER, "a request of " + line.length
                    + " bytes does not fit in a batch of at most " + limits.maxBytes() + " bytes"));
            return;
        }
        if (open != null && open.bytes() + line.length + 1 > limits.maxBytes()) {
            closed.add(close());
        }
        if (open == null) {
            Round round = new Round(nextNumber.getAsInt(), false);
            open = round;
            gatherTimer = windowScheduler.schedule(() -> timedOut.accept(round), limits.maxGather());
        }
        open.add(key, line, future);
        if (open.size() >= limits.maxRequests()) {
            closed.add(close());
        } else {
            if (quietTimer != null) {
                quietTimer.cancel();
            }
            Round round = open;
            quietTimer = windowScheduler.schedule(() -> timedOut.accept(round), limits.quietWindow());
        }
    }

    /** Closes {@code round} if it is still the open one; returns it then, else {@code null}. */
    Round closeIf(Round round) {
        return open == round ? close() : null;
    }

    /** Closes the open round and returns it ({@code null} when none is open), its timers called off. */
    Round close() {
        Round round = open;
        open = null;
        if (quietTimer != null) {
            quietTimer.cancel();
            quietTimer = null;
        }
        if (gatherTimer != null) {
            gatherTimer.cancel();
            gatherTimer = null;
        }
        return round;
    }
}
