package io.augcon.llm.http;

import java.util.Optional;
import java.util.function.Function;

/**
 * What a {@link Transport} brings back from a server, whatever client fetched it: the status, a
 * header lookup (the first value of a header, by case-insensitive name) and the body as text.
 */
record HttpAnswer(int status, Function<String, Optional<String>> headers, String body) {
    /** The first value of header {@code name}, if the answer has one. */
    Optional<String> header(String name) {
        return headers.apply(name);
    }
}
