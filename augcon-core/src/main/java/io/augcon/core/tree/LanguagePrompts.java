package io.augcon.core.tree;

import io.augcon.api.Language;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A format's prompt per language: the user's replacements, and the bundled prompt for every
 * language without one.
 *
 * @param <P> the prompt type of the format
 */
final class LanguagePrompts<P> {
    private final Map<Language, P> prompts = new EnumMap<>(Language.class);

    LanguagePrompts(List<P> replacements, Function<P, Language> languageOf, Function<Language, P> defaults) {
        replacements.forEach(prompt -> prompts.put(languageOf.apply(prompt), prompt));
        for (Language language : Language.values()) {
            prompts.computeIfAbsent(language, defaults);
        }
    }

    P get(Language language) {
        return prompts.get(language);
    }
}
