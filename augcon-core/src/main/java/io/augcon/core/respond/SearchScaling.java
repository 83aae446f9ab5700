package io.augcon.core.respond;

import io.augcon.api.Language;
import io.augcon.api.internal.Knob;
import io.augcon.core.event.SearchReport;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * The automatic demonstration search budget ({@link ResponseConfig#AUTOMATIC_SEARCH_BUDGET}, the
 * default): a small job gets a smaller search, so that the search costs at most {@link
 * #MAX_SHARE} of the run's calls.
 *
 * <p>For a language with {@code n} seed examples and {@code P} pairs owed by the whole corpus:
 * <pre>
 * budget = clamp(floor(P * CALLS_PER_PAIR * MAX_SHARE / ((1 - MAX_SHARE) * 2n)), 1, DEFAULT_BUDGET)
 *        = clamp(floor(5P / 16n), 1, 8)
 * </pre>
 * and {@link #DEFAULT_BUDGET} when the corpus is not known in full ({@link CorpusOutlook#complete}
 * false). Why each term:
 * <ul>
 *   <li>A candidate set costs {@code 2n} calls: every seed question is answered with the set
 *       (minus that seed) and the answer is judged ({@link SearchReport}); re-asks of unusable
 *       replies come on top.</li>
 *   <li>The rest of the run costs about {@link #CALLS_PER_PAIR} calls per pair owed: the tree's
 *       expansions (one call per candidate question, at least {@code 1.15} per pair) and the
 *       answer. Measured with the scripted LLM on the sample corpus, 2.56 to 2.61 per pair with
 *       the numbered split and 3.57 to 3.91 with the rewrite split; 2.5 is below both, so the
 *       share holds for either.</li>
 *   <li>Search calls {@code S} stay at most {@code MAX_SHARE} of all calls {@code S + O} when
 *       {@code S <= MAX_SHARE / (1 - MAX_SHARE) * O}, a quarter of the other calls.</li>
 *   <li>A budget of 1 is no search: the first seed examples demonstrate, at no cost.</li>
 * </ul>
 * With the six bundled seed examples, {@code budget = floor(P / 19.2)}: 1 below 39 pairs (about
 * 1,400 characters at the default quota of one pair per 35), 2 from 39, and the full 8 from 154
 * pairs (about 5,400 characters) on. A budget given explicitly is used as given.
 *
 * <pre>{@code
 * SearchReport.Budget budget = SearchScaling.budget(0, new CorpusOutlook(Map.of(Language.ZH, 43L), true), Language.ZH, 6);
 * // budget.sets() == 2, budget.scaled() == true
 * }</pre>
 */
public final class SearchScaling {
    /** The search budget of the reference, and the automatic one for a job large enough. */
    public static final int DEFAULT_BUDGET = 8;
    /** The most of a run's calls the automatic budget lets the search take. */
    public static final double MAX_SHARE = 0.2;
    /** The calls per pair owed the rule counts on besides the search's: a measured lower bound. */
    public static final double CALLS_PER_PAIR = 2.5;

    private SearchScaling() {}

    /**
     * The budget of {@code language}'s search.
     *
     * @param configured   the {@link ResponseConfig#searchBudget}: used as given unless it is
     *                     {@link ResponseConfig#AUTOMATIC_SEARCH_BUDGET}
     * @param outlook      what is known of the job
     * @param language     the language searched
     * @param seedExamples the language's seed examples {@code n}, at least 1
     */
    public static SearchReport.Budget budget(int configured, CorpusOutlook outlook, Language language,
            int seedExamples) {
        Knob.atLeast("searchBudget", configured, ResponseConfig.AUTOMATIC_SEARCH_BUDGET);
        Objects.requireNonNull(outlook, "outlook");
        Objects.requireNonNull(language, "language");
        Knob.atLeast("seedExamples", seedExamples, 1);
        if (configured != ResponseConfig.AUTOMATIC_SEARCH_BUDGET) {
            return new SearchReport.Budget(configured, configured, 0);
        }
        if (!outlook.complete()) {
            return new SearchReport.Budget(DEFAULT_BUDGET, DEFAULT_BUDGET, 0);
        }
        long pairs = outlook.pairsOwed(language);
        // Exact decimals: in doubles 2.5 * 0.2 / (0.8 * 12) is not 1/19.2, and a floor would show it.
        BigDecimal affordable = BigDecimal.valueOf(pairs)
                .multiply(BigDecimal.valueOf(CALLS_PER_PAIR))
                .multiply(BigDecimal.valueOf(MAX_SHARE))
                .divide(BigDecimal.ONE.subtract(BigDecimal.valueOf(MAX_SHARE))
                        .multiply(BigDecimal.valueOf(2L * seedExamples)), 0, RoundingMode.FLOOR);
        int sets = (int) Math.max(1, Math.min(DEFAULT_BUDGET, affordable.longValueExact()));
        return new SearchReport.Budget(sets, DEFAULT_BUDGET, pairs);
    }
}
