package io.augcon.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augcon.api.Language;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The prompt texts that ship with the library, under {@code io/augcon/core/prompts/<step>/<lang>/},
 * and the content hash that names a prompt in provenance. Users replace any of them through the
 * prompt classes' {@code with...} methods; these files are only the defaults.
 */
public final class PromptResources {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROOT = "/io/augcon/core/prompts/";

    private PromptResources() {}

    /** The text of {@code prompts/<step>/<lang>/<file>}, line ends normalised to {@code \n}, trimmed. */
    public static String text(String step, Language language, String file) {
        String path = path(step, language, file);
        try (BufferedReader reader = open(path)) {
            return reader.lines().collect(Collectors.joining("\n")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read prompt resource " + path, e);
        }
    }

    /**
     * The instruction of a JSON prompt: {@code instruction} with the bundled text-layout lines of
     * {@code step} (file {@code layout}) replaced by its JSON ones (file {@code jsonLayout}); an
     * instruction that does not end with the bundled layout is kept whole and followed by them.
     */
    public static String jsonInstruction(String step, Language language, String instruction, String layout,
            String jsonLayout) {
        String textLayout = text(step, language, layout);
        String own = instruction.endsWith(textLayout)
                ? instruction.substring(0, instruction.length() - textLayout.length()).strip() : instruction;
        return own + "\n" + text(step, language, jsonLayout);
    }

    /** The non-blank lines of {@code prompts/<step>/<lang>/<file>}, trimmed. */
    public static List<String> lines(String step, Language language, String file) {
        return text(step, language, file).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** Each non-blank line of a JSONL resource, mapped by {@code parse}. */
    public static <T> List<T> jsonl(String step, Language language, String file, Function<JsonNode, T> parse) {
        String path = path(step, language, file);
        List<T> items = new ArrayList<>();
        try (BufferedReader reader = open(path)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (!line.isBlank()) {
                    try {
                        items.add(parse.apply(JSON.readTree(line)));
                    } catch (IOException | RuntimeException e) {
                        throw new IllegalStateException("line " + number + " of prompt resource " + path + ": " + e.getMessage(), e);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read prompt resource " + path, e);
        }
        return List.copyOf(items);
    }

    /**
     * A short content hash of the given parts, for prompt ids: two prompts with the same id have
     * the same text, so a record's provenance names the exact prompt that made it.
     */
    public static String contentHash(List<String> parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                digest.update(part.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** A required string field of a JSON object. */
    public static String field(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("field '" + name + "' missing or not a non-blank string");
        }
        return value.asText().strip();
    }

    private static String path(String step, Language language, String file) {
        return ROOT + step + "/" + language.code() + "/" + file;
    }

    private static BufferedReader open(String path) {
        InputStream in = PromptResources.class.getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("prompt resource missing from the class path: " + path);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
}
