package io.augcon.llm.batch;

/**
 * Hears each step of each round, for progress lines and tests. Called on the thread that took the
 * step, right after the journal recorded it; it must return quickly.
 *
 * <pre>{@code
 * BatchListener progress = p -> System.err.println("round " + p.round() + ": " + p.step() + " " + p.phase());
 * }</pre>
 */
@FunctionalInterface
public interface BatchListener {
    /** Hears nothing. */
    BatchListener NONE = progress -> { };

    /** Hears one step. */
    void step(BatchProgress progress);
}
