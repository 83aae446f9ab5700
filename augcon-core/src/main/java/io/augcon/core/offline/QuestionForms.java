package io.augcon.core.offline;

import io.augcon.api.Language;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The question forms of the offline mode, read from {@code questions-<lang>.txt}: overview forms
 * for whole roots (the macro granularity), forms that relate two key phrases, and forms about one
 * phrase for each {@link KeyPhrase.Kind} (a process is asked how it works, a cause what it leads
 * to). A node's seed picks the form and the phrases, so tree reruns ask different questions.
 */
final class QuestionForms {
    private static final Map<Language, QuestionForms> LOADED = new EnumMap<>(Language.class);

    private final List<String> overview = new ArrayList<>();
    private final List<String> two = new ArrayList<>();
    private final Map<KeyPhrase.Kind, List<String>> one = new EnumMap<>(KeyPhrase.Kind.class);

    private QuestionForms() {}

    static synchronized QuestionForms of(Language language) {
        return LOADED.computeIfAbsent(language, QuestionForms::load);
    }

    /**
     * A question naming the given phrases (best first), or empty when there is none to name.
     *
     * @param overview whether the question is about a whole root
     */
    Optional<String> ask(List<KeyPhrase> phrases, boolean overview, long seed) {
        if (phrases.isEmpty()) {
            return Optional.empty();
        }
        SplittableRandom random = new SplittableRandom(seed);
        int pool = Math.min(3, phrases.size());
        int first = overview ? 0 : random.nextInt(pool);
        KeyPhrase a = phrases.get(first);
        KeyPhrase b = phrases.size() > 1 ? phrases.get(first == 0 ? 1 + random.nextInt(Math.max(1, pool - 1)) : 0) : null;
        List<String> forms = formsFor(overview, a, b, random);
        String form = forms.get(random.nextInt(forms.size()));
        return Optional.of(form.replace("{a}", a.text()).replace("{b}", b == null ? a.text() : b.text()));
    }

    /** Overview forms at a root; else a relating form now and then for two plain terms or names; else {@code a}'s kind's forms. */
    private List<String> formsFor(boolean wantOverview, KeyPhrase a, KeyPhrase b, SplittableRandom random) {
        if (wantOverview) {
            List<String> usable = b != null ? overview : overview.stream().filter(f -> !f.contains("{b}")).toList();
            if (!usable.isEmpty()) {
                return usable;
            }
        }
        if (b != null && relatable(a) && relatable(b) && random.nextInt(3) == 0) {
            return two;
        }
        return one.getOrDefault(a.kind(), one.get(KeyPhrase.Kind.TERM));
    }

    /** "How does 50 minutes relate to tea?" reads badly: only terms, names and processes are related. */
    private static boolean relatable(KeyPhrase phrase) {
        return phrase.kind() != KeyPhrase.Kind.QUANTITY && phrase.kind() != KeyPhrase.Kind.CAUSE;
    }

    private static QuestionForms load(Language language) {
        String path = "/io/augcon/core/offline/questions-" + language.code() + ".txt";
        QuestionForms forms = new QuestionForms();
        try (InputStream in = QuestionForms.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("question forms missing from the class path: " + path);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                forms.add(line, path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
        if (!forms.one.containsKey(KeyPhrase.Kind.TERM)) {
            throw new IllegalStateException(path + " has no 'term' forms");
        }
        return forms;
    }

    private static KeyPhrase.Kind kindOf(String key, String path) {
        for (KeyPhrase.Kind kind : KeyPhrase.Kind.values()) {
            if (kind.key().equals(key)) {
                return kind;
            }
        }
        throw new IllegalStateException(path + ": unknown kind '" + key + "', expected overview, two or a phrase kind");
    }

    private void add(String line, String path) {
        if (line.isBlank() || line.startsWith("#")) {
            return;
        }
        String[] parts = line.split("\t", 2);
        if (parts.length != 2) {
            throw new IllegalStateException(path + ": expected <kind><TAB><form>, got: " + line);
        }
        switch (parts[0]) {
            case "overview":
                overview.add(parts[1].strip());
                break;
            case "two":
                two.add(parts[1].strip());
                break;
            default:
                one.computeIfAbsent(kindOf(parts[0], path), k -> new ArrayList<>()).add(parts[1].strip());
        }
    }
}
