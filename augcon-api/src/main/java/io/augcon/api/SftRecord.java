package io.augcon.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One supervised fine-tuning pair with its provenance: the {@code augcon} output record.
 *
 * <p>Training uses {@link #query()} and {@link #response()} only; everything else lets a pair
 * be traced back to its document, span, tree node, prompts, model and scorer.
 *
 * @param id         stable across reruns with the same input and seed
 * @param query      the question
 * @param response   the answer
 * @param context    the text of the tree node the question was generated from
 * @param documentId the source document
 * @param rootId     the root context
 * @param depth      the node's depth in its tree (0 = root)
 * @param score      the scorer's output, {@code null} when the run was not scored
 * @param language   the root's language
 * @param rootStart  offset of the root's first character in the document
 * @param rootEnd    offset just past the root's last character in the document
 * @param model      the model that generated the response ({@code "offline"} in offline mode)
 * @param provenance further facts (tree run, node path, prompt and stage ids, seed), in a stable
 *                   order
 */
public record SftRecord(
        String id,
        String query,
        String response,
        String context,
        String documentId,
        String rootId,
        int depth,
        Double score,
        Language language,
        int rootStart,
        int rootEnd,
        String model,
        Map<String, Object> provenance) {
    /**
     * Checks the required fields and copies {@code provenance} ({@code null} becomes empty),
     * keeping its order so records serialise the same way on every run.
     *
     * @throws NullPointerException if a field other than {@code score} or {@code provenance} is {@code null}
     */
    public SftRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(rootId, "rootId");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(model, "model");
        provenance = provenance == null
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
    }
}
