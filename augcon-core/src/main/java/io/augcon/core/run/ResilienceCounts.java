package io.augcon.core.run;

import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * What the resilience decorators did in a run: the counts a run summary reports ({@link
 * io.augcon.core.llm.Resilience} is the policy that produced them). Failure maps are keyed by the
 * lower-case {@link io.augcon.api.LlmException.Kind} name.
 *
 * @param retries           failed calls that were retried, by failure kind
 * @param gaveUp            calls that still failed transiently on their last attempt, by kind
 * @param truncationRetries truncated answers asked again with more tokens
 * @param limitCuts         times the adaptive concurrency limit was cut
 * @param lowestLimit       the lowest concurrency limit reached, or -1 when it never moved
 * @param finalLimit        the concurrency limit at the end, or -1 when it never moved
 * @param breakerOpens      times the circuit breaker paused all requests
 * @param paused            time requests were paused by the breaker, from each opening to its closing on the
 *                          run's {@link io.augcon.api.Scheduler} clock; a pause still on at the end
 *                          counts up to then
 * @param structuredOutputFallbacks 1 when the server refused a JSON Schema and the run fell back
 *                          to the text layout, else 0
 */
public record ResilienceCounts(
        Map<String, Long> retries,
        Map<String, Long> gaveUp,
        long truncationRetries,
        long limitCuts,
        int lowestLimit,
        int finalLimit,
        long breakerOpens,
        Duration paused,
        long structuredOutputFallbacks) {

    /** Nothing happened. */
    public static final ResilienceCounts NONE = new ResilienceCounts(Map.of(), Map.of(), 0, 0, -1, -1, 0, Duration.ZERO, 0);

    /** Copies the maps into key order, so two summaries of the same run print the same way. */
    public ResilienceCounts {
        retries = Collections.unmodifiableMap(new TreeMap<>(retries));
        gaveUp = Collections.unmodifiableMap(new TreeMap<>(gaveUp));
    }

    /** All retries. */
    public long totalRetries() {
        return retries.values().stream().mapToLong(Long::longValue).sum();
    }

    /** All calls that ran out of attempts. */
    public long totalGaveUp() {
        return gaveUp.values().stream().mapToLong(Long::longValue).sum();
    }

    /** One summary line. */
    public String format() {
        String limit = lowestLimit < 0 ? "concurrency limit unchanged"
                : "concurrency limit cut " + limitCuts + " times (lowest " + lowestLimit + ", at the end " + finalLimit + ")";
        return "LLM retries " + totalRetries() + counts(retries) + ", gave up " + totalGaveUp() + counts(gaveUp)
                + "; truncated answers retried with more tokens " + truncationRetries + "; " + limit
                + String.format(Locale.ROOT, "; circuit breaker pauses %d (%.1f s)", breakerOpens, paused.toMillis() / 1000.0)
                + (structuredOutputFallbacks > 0 ? "; the server refused JSON schemas, so the text layout was used" : "");
    }

    static String counts(Map<String, Long> counts) {
        if (counts.isEmpty()) {
            return "";
        }
        StringJoiner joined = new StringJoiner(", ", " (", ")");
        counts.forEach((k, v) -> joined.add(k + " " + v));
        return joined.toString();
    }
}
