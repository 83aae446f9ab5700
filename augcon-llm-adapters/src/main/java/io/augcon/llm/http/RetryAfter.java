package io.augcon.llm.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads an HTTP {@code Retry-After} header (RFC 9110, section 10.2.3): a number of seconds, or
 * an HTTP date, which is turned into the wait from {@code now}.
 *
 * <pre>{@code
 * RetryAfter.parse("120", Instant.now());                            // 2 minutes
 * RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT", Instant.now());  // zero: the date has passed
 * }</pre>
 */
public final class RetryAfter {
    private RetryAfter() {}

    /**
     * The wait {@code value} asks for: empty when the header is absent or unreadable; zero for a
     * date in the past.
     */
    public static Optional<Duration> parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
            } catch (NumberFormatException tooLong) {
                return Optional.empty();
            }
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException notADate) {
            return Optional.empty();
        }
    }
}
