package io.augcon.core.respond;

import static io.augcon.api.internal.Knob.atLeast;
import static io.augcon.api.internal.Knob.inRange;

import io.augcon.api.Language;
import io.augcon.api.internal.Knob;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the default answering step ({@link io.augcon.core.respond.SelfImprovingResponder}) answers
 * the kept questions: principle-driven self-alignment with demonstrations chosen by a search over
 * human-written seed examples, and a grounding check.
 *
 * <pre>{@code
 * ResponseConfig captain = ResponseConfig.DEFAULTS
 *     .withPrinciples(Language.EN, List.of("Answer from the context only.", "Speak as a ship's captain."))
 *     .withGroundingFloor(0.6);
 * }</pre>
 *
 * @param temperature    sampling temperature of answers (0.2, the reference); judgements use 0
 * @param principles     the answering principles per language; a language not in the map keeps the
 *                       bundled ones (accurate, from the context only, in a knowledgeable person's
 *                       voice, nothing unethical, "not in the context" when it is not)
 * @param seedExamples   the human-written examples E_R the search draws demonstrations from; a
 *                       language with none here keeps its six bundled ones. Ids are distinct
 * @param demonstrations most demonstrations per answer, the size of E_R' (3, the reference); 0 for none
 * @param searchBudget   candidate demonstration sets judged per language; each costs
 *                       {@code |E_R|} answers and as many judgements, once per run; 1 skips the
 *                       search and takes the first seed examples. {@value #AUTOMATIC_SEARCH_BUDGET}
 *                       (the default) is automatic: {@value SearchScaling#DEFAULT_BUDGET}, scaled down
 *                       for a small job by {@link SearchScaling}'s rule; any other value is used as
 *                       given, whatever the corpus
 * @param reasoning      let the model reason step by step before a marked final answer, of which
 *                       only the answer is kept (off)
 * @param groundingFloor least share of an answer's content words found in its context (0.5); an
 *                       answer below it is regenerated once, then handled by {@code belowFloor}; 0
 *                       turns the check off
 * @param belowFloor     keep a still-ungrounded answer flagged in provenance (default) or drop it
 */
public record ResponseConfig(
        double temperature,
        Map<Language, List<String>> principles,
        List<SeedExample> seedExamples,
        int demonstrations,
        int searchBudget,
        boolean reasoning,
        double groundingFloor,
        BelowFloor belowFloor) {
    /**
     * The {@code searchBudget} that lets the run choose: the reference's 8 candidate sets, fewer
     * for a small job ({@link SearchScaling}).
     */
    public static final int AUTOMATIC_SEARCH_BUDGET = 0;

    /** The method's values, with the bundled principles and seed examples and the automatic search budget. */
    public static final ResponseConfig DEFAULTS = new ResponseConfig(0.2, Map.of(), List.of(), 3,
            AUTOMATIC_SEARCH_BUDGET, false, 0.5, BelowFloor.KEEP_FLAGGED);

    /** @throws IllegalArgumentException naming the knob that is out of range */
    public ResponseConfig {
        inRange("responseTemperature", temperature, 0, Knob.MAX_TEMPERATURE);
        EnumMap<Language, List<String>> copied = new EnumMap<>(Language.class);
        principles.forEach((language, list) -> {
            if (list.isEmpty()) {
                throw new IllegalArgumentException("principles for " + language.code() + " must not be empty");
            }
            copied.put(language, List.copyOf(list));
        });
        principles = Collections.unmodifiableMap(copied);
        seedExamples = SeedExample.requireDistinctIds(seedExamples);
        atLeast("demonstrations", demonstrations, 0);
        atLeast("searchBudget", searchBudget, AUTOMATIC_SEARCH_BUDGET);
        inRange("groundingFloor", groundingFloor, 0, 1);
        Objects.requireNonNull(belowFloor, "belowFloor");
    }

    /** These settings with another answer temperature. */
    public ResponseConfig withTemperature(double value) {
        return new ResponseConfig(value, principles, seedExamples, demonstrations, searchBudget, reasoning,
                groundingFloor, belowFloor);
    }

    /**
     * These settings with {@code value} as the principles of {@code language}. Add tone or a
     * persona here; keep a faithfulness principle unless you mean to drop it.
     */
    public ResponseConfig withPrinciples(Language language, List<String> value) {
        Map<Language, List<String>> changed = new EnumMap<>(Language.class);
        changed.putAll(principles);
        changed.put(Objects.requireNonNull(language, "language"), value);
        return new ResponseConfig(temperature, changed, seedExamples, demonstrations, searchBudget, reasoning,
                groundingFloor, belowFloor);
    }

    /** These settings with other seed examples. */
    public ResponseConfig withSeedExamples(List<SeedExample> value) {
        return new ResponseConfig(temperature, principles, value, demonstrations, searchBudget, reasoning,
                groundingFloor, belowFloor);
    }

    /** These settings with another number of demonstrations per answer. */
    public ResponseConfig withDemonstrations(int value) {
        return new ResponseConfig(temperature, principles, seedExamples, value, searchBudget, reasoning,
                groundingFloor, belowFloor);
    }

    /**
     * These settings with another demonstration search budget: a number of candidate sets, used
     * as given, or {@link #AUTOMATIC_SEARCH_BUDGET}.
     */
    public ResponseConfig withSearchBudget(int value) {
        return new ResponseConfig(temperature, principles, seedExamples, demonstrations, value, reasoning,
                groundingFloor, belowFloor);
    }

    /** These settings with reasoning before the answer on or off. */
    public ResponseConfig withReasoning(boolean value) {
        return new ResponseConfig(temperature, principles, seedExamples, demonstrations, searchBudget, value,
                groundingFloor, belowFloor);
    }

    /** These settings with another grounding floor. */
    public ResponseConfig withGroundingFloor(double value) {
        return new ResponseConfig(temperature, principles, seedExamples, demonstrations, searchBudget, reasoning,
                value, belowFloor);
    }

    /** These settings with another way to handle an answer below the floor. */
    public ResponseConfig withBelowFloor(BelowFloor value) {
        return new ResponseConfig(temperature, principles, seedExamples, demonstrations, searchBudget, reasoning,
                groundingFloor, value);
    }
}
