package io.augcon.cli;

import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.core.event.PipelineListener;

/**
 * The message of the run's last failed LLM call, for a progress display to show beside
 * {@code PAUSED}: a pause says that the server keeps failing, and this says how (a refused
 * connection, a 503 and its text). One line, cut to {@link #MAX_CHARS}.
 */
final class LastFailure implements PipelineListener {
    /** The longest message shown; the server's text is already an excerpt, this keeps the line readable. */
    static final int MAX_CHARS = 200;

    private volatile String text = "";

    @Override
    public void llmCallDone(LlmRequest request, LlmResponse response, Throwable error, long latencyNanos) {
        if (error != null) {
            String message = ExitCodes.describe(error).replaceAll("\\s+", " ").strip();
            text = message.length() <= MAX_CHARS ? message : message.substring(0, MAX_CHARS - 1) + "…";
        }
    }

    /** The last failure's message, or an empty string before any call failed. */
    String text() {
        return text;
    }

    /** {@code PAUSED} with the last failure after it, e.g. {@code PAUSED (last failure: cannot connect to ...)}. */
    String paused() {
        String last = text;
        return last.isEmpty() ? "PAUSED" : "PAUSED (last failure: " + last + ")";
    }
}
