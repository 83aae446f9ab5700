package io.augcon.llm.batch;

import io.augcon.api.internal.Knob;
import java.time.Duration;

/**
 * When a round closes and how often its batch is polled.
 *
 * <p>A round closes when no new request has come for {@code quietWindow} (every piece of work is
 * then waiting on answers), when it holds {@code maxRequests} requests or its JSONL would pass
 * {@code maxBytes}, or {@code maxGather} after its first request, so that a steady trickle of
 * retries cannot hold it open. Its batch is polled every {@code pollInterval} (plus up to a fifth
 * of it at random, so that runs started together do not poll together); failed polls back off,
 * doubling up to {@code maxPollInterval}, and a {@code Retry-After} is waited out.
 *
 * <pre>{@code
 * BatchLimits limits = BatchLimits.OPENAI.withPollInterval(Duration.ofSeconds(60)).withMaxRequests(10_000);
 * }</pre>
 *
 * @param maxRequests     requests in one round, at most
 * @param maxBytes        bytes of one round's JSONL, at most
 * @param quietWindow     how long a round waits for one more request
 * @param maxGather       how long a round gathers requests, at most
 * @param pollInterval    the wait between polls of a batch
 * @param maxPollInterval the longest wait between polls after failures
 */
public record BatchLimits(int maxRequests, long maxBytes, Duration quietWindow, Duration maxGather,
        Duration pollInterval, Duration maxPollInterval) {
    /** OpenAI's caps: 50,000 requests and 200 MB a batch; a 2 s quiet window, 60 s gathering, 30 s polls, 10 min after failures. */
    public static final BatchLimits OPENAI = new BatchLimits(50_000, 200L * 1000 * 1000, Duration.ofSeconds(2),
            Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofMinutes(10));

    /** @throws IllegalArgumentException naming the limit that is not positive */
    public BatchLimits {
        Knob.atLeast("maxRequests", maxRequests, 1);
        Knob.atLeast("maxBytes", maxBytes, 1L);
        Knob.positive("quietWindow", quietWindow);
        Knob.positive("maxGather", maxGather);
        Knob.positive("pollInterval", pollInterval);
        Knob.positive("maxPollInterval", maxPollInterval);
    }

    /** These limits with another request cap. */
    public BatchLimits withMaxRequests(int value) {
        return new BatchLimits(value, maxBytes, quietWindow, maxGather, pollInterval, maxPollInterval);
    }

    /** These limits with another byte cap. */
    public BatchLimits withMaxBytes(long value) {
        return new BatchLimits(maxRequests, value, quietWindow, maxGather, pollInterval, maxPollInterval);
    }

    /** These limits with another quiet window. */
    public BatchLimits withQuietWindow(Duration value) {
        return new BatchLimits(maxRequests, maxBytes, value, maxGather, pollInterval, maxPollInterval);
    }

    /** These limits with another longest gathering time. */
    public BatchLimits withMaxGather(Duration value) {
        return new BatchLimits(maxRequests, maxBytes, quietWindow, value, pollInterval, maxPollInterval);
    }

    /** These limits with another poll interval; the longest interval after failures grows to it if shorter. */
    public BatchLimits withPollInterval(Duration value) {
        Duration longest = value != null && value.compareTo(maxPollInterval) > 0 ? value : maxPollInterval;
        return new BatchLimits(maxRequests, maxBytes, quietWindow, maxGather, value, longest);
    }
}
