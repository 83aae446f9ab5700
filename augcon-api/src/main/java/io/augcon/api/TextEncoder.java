package io.augcon.api;

import java.util.List;

/**
 * Turns texts into L2-normalised vectors, so a dot product is a cosine similarity. Used by the
 * offline mode and by scorers; implementations wrap an embedding model.
 */
public interface TextEncoder {

    /** One unit-length vector per text, in order, all of the same dimension. */
    float[][] encode(List<String> texts);

    /** The encoder's name, recorded as provenance and checked when a saved scorer is loaded. */
    String id();
}
