package io.augcon.core.text;

import io.augcon.api.Language;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The bundled stopword lists: words too common to name what a text is about. Offline key
 * phrases skip them, and the grounding check of answers does not count them as content.
 */
public final class Stopwords {
    private static final Map<String, Set<String>> LISTS = new HashMap<>();

    private Stopwords() {}

    /** The stopwords of {@code language}, lower-case. */
    public static Set<String> of(Language language) {
        return list("stopwords", language);
    }

    /**
     * Words an answer uses to frame what it says rather than to state it: apologies, "information",
     * "tell", hedges and link words such as "mainly" or "already" (lower-case). They are no
     * evidence of where an answer's facts came from, so the grounding check of answers skips
     * them along with the {@linkplain #of stopwords}.
     */
    public static Set<String> answerFraming(Language language) {
        return list("answer-framing", language);
    }

    private static synchronized Set<String> list(String name, Language language) {
        return LISTS.computeIfAbsent(name + "-" + language.code(), Stopwords::load);
    }

    private static Set<String> load(String name) {
        String path = "/io/augcon/core/text/" + name + ".txt";
        Set<String> words = new HashSet<>();
        try (InputStream in = Stopwords.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("word list missing from the class path: " + path);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                for (String word : line.strip().split("\\s+")) {
                    if (!word.isEmpty()) {
                        words.add(word);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
        return Set.copyOf(words);
    }
}
