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
 * for whole roots (the macro granularity), forms that relate two key phrases, and forms about one.
 * A node's seed picks the form and the phrases, so tree reruns ask different questions.
 */
final class QuestionForms {
    private static final Map<Language, QuestionForms> LOADED = new EnumMap<>(Language.class);

    private final List<String> overview = new ArrayList<>();
    private final List<String> two = new ArrayList<>();
    private final List<String> one = new ArrayList<>();

    private QuestionForms() {}

    static synchronized QuestionForms of(Language language) {
        return LOADED.computeIfAbsent(language, QuestionForms::load);
    }

    /**
     * A question naming the given phrases (best first), or empty when there is none to name.
     *
     * @param overview whether the question is about a whole root
     */
    Optional<String> ask(List<String> phrases, boolean overview, long seed) {
        if (phrases.isEmpty()) {
            return Optional.empty();
        }
        SplittableRandom random = new SplittableRandom(seed);
        int pool = Math.min(3, phrases.size());
        int first = overview ? 0 : random.nextInt(pool);
        String a = phrases.get(first);
        String b = phrases.size() > 1 ? phrases.get(first == 0 ? 1 + random.nextInt(Math.max(1, pool - 1)) : 0) : null;
        List<String> forms = formsFor(overview, b != null, random);
        String form = forms.get(random.nextInt(forms.size()));
        return Optional.of(form.replace("{a}", a).replace("{b}", b == null ? a : b));
    }

    private List<String> formsFor(boolean wantOverview, boolean haveTwo, SplittableRandom random) {
        if (wantOverview) {
            List<String> usable = haveTwo ? overview : overview.stream().filter(f -> !f.contains("{b}")).toList();
            if (!usable.isEmpty()) {
                return usable;
            }
        }
        return haveTwo && random.nextInt(3) == 0 ? two : one;
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
        if (forms.one.isEmpty()) {
            throw new IllegalStateException(path + " has no 'one' forms");
        }
        return forms;
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
            case "one":
                one.add(parts[1].strip());
                break;
            default:
                throw new IllegalStateException(path + ": unknown kind '" + parts[0] + "'");
        }
    }
}
