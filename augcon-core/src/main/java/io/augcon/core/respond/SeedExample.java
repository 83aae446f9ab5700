package io.augcon.core.respond;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augcon.api.Language;
import io.augcon.core.corpus.LanguageDetector;
import io.augcon.core.internal.PromptResources;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A human-written (context, question, answer) triplet: the paper's E_R, used as demonstrations
 * when answering.
 *
 * @param id       stable name, recorded in provenance when the example demonstrates
 * @param context  the context
 * @param question a question about it
 * @param answer   the answer a person would give
 */
public record SeedExample(String id, String context, String question, String answer) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Checks that every part is given.
     *
     * @throws NullPointerException if any component is {@code null}
     */
    public SeedExample {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(answer, "answer");
    }

    /** The language of the example's context. */
    public Language language() {
        return LanguageDetector.detect(context);
    }

    /**
     * The examples of {@code given} whose context is in {@code language}, in their order; the
     * bundled ones for {@code language} when there are none.
     */
    public static List<SeedExample> forLanguage(List<SeedExample> given, Language language) {
        List<SeedExample> inLanguage = new ArrayList<>();
        for (SeedExample example : given) {
            if (example.language() == language) {
                inLanguage.add(example);
            }
        }
        return inLanguage.isEmpty() ? defaults(language) : List.copyOf(inLanguage);
    }

    /**
     * {@code examples}, when no two share an id (ids name the chosen demonstrations in provenance).
     *
     * @throws IllegalArgumentException naming the repeated id
     */
    public static List<SeedExample> requireDistinctIds(List<SeedExample> examples) {
        Set<String> ids = new HashSet<>();
        for (SeedExample example : examples) {
            if (!ids.add(example.id())) {
                throw new IllegalArgumentException("seed example id '" + example.id() + "' appears twice");
            }
        }
        return List.copyOf(examples);
    }

    /** The bundled examples for {@code language}. */
    public static List<SeedExample> defaults(Language language) {
        return PromptResources.jsonl("response", language, "examples.jsonl", node -> new SeedExample(
                PromptResources.field(node, "id"),
                PromptResources.field(node, "context"),
                PromptResources.field(node, "question"),
                PromptResources.field(node, "answer")));
    }

    /**
     * Reads examples from a JSONL file, one object per non-blank line with string fields
     * {@code context}, {@code question} and {@code answer} and an optional {@code id} (default:
     * {@code seed-} and a short hash of the three texts, so the id survives reordering the file).
     *
     * @throws IllegalArgumentException naming the file and line of the first bad line or repeated
     *                                  id, or when the file holds no example
     * @throws IOException              when the file cannot be read
     */
    public static List<SeedExample> readJsonl(Path file) throws IOException {
        List<SeedExample> examples = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (!line.isBlank()) {
                    SeedExample example = parseLine(file, number, line);
                    if (!ids.add(example.id())) {
                        throw new IllegalArgumentException("line " + number + " of " + file + ": id '" + example.id()
                                + "' repeats an earlier example's (ids name demonstrations in provenance)");
                    }
                    examples.add(example);
                }
            }
        }
        if (examples.isEmpty()) {
            throw new IllegalArgumentException(file + ": no seed example (expected JSONL lines with context, question, answer)");
        }
        return List.copyOf(examples);
    }

    private static SeedExample parseLine(Path file, int number, String line) {
        String where = "line " + number + " of " + file;
        try {
            JsonNode node = JSON.readTree(line);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException(where + ": not a JSON object");
            }
            String context = PromptResources.field(node, "context");
            String question = PromptResources.field(node, "question");
            String answer = PromptResources.field(node, "answer");
            JsonNode id = node.get("id");
            String name = id == null || id.isNull() || id.asText().isBlank()
                    ? "seed-" + PromptResources.contentHash(List.of(context, question, answer))
                    : id.asText().strip();
            return new SeedExample(name, context, question, answer);
        } catch (IOException e) {
            throw new IllegalArgumentException(where + ": does not parse as JSON", e);
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith(where) ? e : new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }
}
