package io.augcon.core.offline;

import io.augcon.api.Language;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** The bundled stopword lists: words too common to name what a text is about. */
final class Stopwords {
    private static final Map<Language, Set<String>> LISTS = new EnumMap<>(Language.class);

    private Stopwords() {}

    /** The stopwords of {@code language}, lower-case. */
    static synchronized Set<String> of(Language language) {
        return LISTS.computeIfAbsent(language, Stopwords::load);
    }

    private static Set<String> load(Language language) {
        String path = "/io/augcon/core/offline/stopwords-" + language.code() + ".txt";
        Set<String> words = new HashSet<>();
        try (InputStream in = Stopwords.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("stopword list missing from the class path: " + path);
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
