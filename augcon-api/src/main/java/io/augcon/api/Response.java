package io.augcon.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An answer to a kept question.
 *
 * @param text       the answer that goes into the record
 * @param model      the model that wrote it
 * @param provenance facts about how it was made (prompt id, demonstrations), kept in the record
 */
public record Response(String text, String model, Map<String, Object> provenance) {
    /**
     * Checks the text and model and copies {@code provenance} in order ({@code null} becomes empty).
     *
     * @throws NullPointerException if {@code text} or {@code model} is {@code null}
     */
    public Response {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(model, "model");
        provenance = provenance == null
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
    }
}
