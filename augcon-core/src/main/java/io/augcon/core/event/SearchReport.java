package io.augcon.core.event;

import io.augcon.api.Language;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the search for demonstrations did in one language: every candidate set with its judged
 * accuracy over the seed examples, the chosen one, and the calls it cost.
 *
 * @param language   the language searched
 * @param seeds      the seed examples the candidates were judged on
 * @param candidates the candidate sets, in the order drawn
 * @param chosen     index of the chosen candidate: the most accurate, the earliest among equals
 * @param calls      what the search asked of the LLM
 * @param budget     the candidate sets the search was allowed, and whether that was scaled down
 *                   for a small job; {@code null} (a report saved before budgets were reported)
 *                   reads as the number of candidates, unscaled
 *
 * <p>A report is a serializable value, so a search run once for a job (on a Spark driver) can be
 * shipped to the pipelines that use its choice ({@code AugConBuilder.searchedDemonstrations}).
 */
public record SearchReport(Language language, int seeds, List<Candidate> candidates, int chosen, Calls calls,
        Budget budget) implements Serializable {
    /**
     * Copies {@code candidates} and checks that {@code chosen} indexes one of them.
     *
     * @throws NullPointerException if {@code language} or {@code calls} is {@code null}
     * @throws IllegalArgumentException if {@code chosen} is outside {@code candidates}
     */
    public SearchReport {
        Objects.requireNonNull(language, "language");
        candidates = List.copyOf(candidates);
        Objects.requireNonNull(calls, "calls");
        budget = budget != null ? budget : unscaled(candidates.size());
        if (chosen < 0 || chosen >= candidates.size()) {
            throw new IllegalArgumentException("chosen must index a candidate, was " + chosen + " of " + candidates.size());
        }
    }

    /**
     * A report of a search whose budget was not scaled (the shape before the automatic budget):
     * its budget is the number of candidates.
     *
     * @param language   the language searched
     * @param seeds      the seed examples the candidates were judged on
     * @param candidates the candidate sets, in the order drawn
     * @param chosen     index of the chosen candidate
     * @param calls      what the search asked of the LLM
     */
    public SearchReport(Language language, int seeds, List<Candidate> candidates, int chosen, Calls calls) {
        this(language, seeds, candidates, chosen, calls, unscaled(candidates.size()));
    }

    private static Budget unscaled(int candidates) {
        int sets = Math.max(1, candidates);
        return new Budget(sets, sets, 0);
    }

    /**
     * The candidate sets a search was allowed ({@code io.augcon.core.respond.SearchScaling} has
     * the automatic rule).
     *
     * @param sets      the budget the search ran with; fewer sets are drawn when fewer are possible
     * @param unscaled  the budget before scaling: the one given, or the automatic default
     * @param pairsOwed the pairs owed in the language by the whole corpus, which the automatic rule
     *                  sized the budget for; 0 when it did not (a budget given, or a corpus not
     *                  known in full)
     */
    public record Budget(int sets, int unscaled, long pairsOwed) implements Serializable {
        /** @throws IllegalArgumentException when a count is below its least value */
        public Budget {
            if (sets < 1 || unscaled < sets || pairsOwed < 0) {
                throw new IllegalArgumentException("a search budget needs 1 <= sets <= unscaled and pairsOwed >= 0, was "
                        + sets + ", " + unscaled + ", " + pairsOwed);
            }
        }

        /** Whether the budget was scaled below its default for a small job. */
        public boolean scaled() {
            return sets < unscaled;
        }

        /** The phrase the summary adds when the budget was scaled, e.g. {@code scaled from 8 candidate sets to 2 for a small job of 43 pairs}. */
        String describe() {
            return "scaled from " + unscaled + " candidate sets to " + sets + " for a small job of " + pairsOwed
                    + " pairs";
        }
    }

    /**
     * One candidate set of demonstrations.
     *
     * @param ids     the seed examples that demonstrate, in seed order
     * @param correct seed questions whose answer the judge accepted
     * @param judged  seed questions answered and judged; 0 when the set was not evaluated
     */
    public record Candidate(List<String> ids, int correct, int judged) implements Serializable {
        /** Copies {@code ids}, so a report never changes after the search. */
        public Candidate {
            ids = List.copyOf(ids);
        }

        /** Share of seed questions answered correctly; NaN when not evaluated. */
        public double accuracy() {
            return judged == 0 ? Double.NaN : (double) correct / judged;
        }
    }

    /**
     * The calls a search made.
     *
     * @param answers           answering requests sent, re-asks included
     * @param judgements        judging requests sent, re-asks of unreadable verdicts included
     * @param unreadableVerdicts judgements that stayed neither yes nor no after their re-ask, counted as no
     * @param failedAnswers     seed questions left without an answer (counted as not correct)
     * @param failedJudgements  judgements whose calls failed (counted as no)
     */
    public record Calls(int answers, int judgements, int unreadableVerdicts, int failedAnswers, int failedJudgements)
            implements Serializable {}

    /** The chosen candidate. */
    public Candidate choice() {
        return candidates.get(chosen);
    }

    /** The ids of the chosen demonstrations. */
    public List<String> chosenIds() {
        return choice().ids();
    }

    /** Whether candidates were compared; false when only one set was possible (no calls made). */
    public boolean searched() {
        return candidates.size() > 1;
    }

    /**
     * One line for a summary: the chosen set and its score, what the others scored, and whether
     * the search was scaled down for a small job.
     */
    public String describe() {
        StringBuilder line = new StringBuilder(language.code()).append(": ").append(choice().ids());
        if (!searched()) {
            return line.append(budget.scaled() ? " (not searched: " + budget.describe() + ")"
                    : " (the only possible set, not searched)").toString();
        }
        double worst = candidates.stream().mapToDouble(Candidate::accuracy).filter(a -> !Double.isNaN(a)).min().orElse(Double.NaN);
        line.append(String.format(Locale.ROOT, ", judged correct on %d of %d seed questions; %d candidate sets scored %.2f to %.2f",
                choice().correct(), choice().judged(), candidates.size(), worst, choice().accuracy()));
        line.append("; ").append(calls.answers()).append(" answers, ").append(calls.judgements()).append(" judgements");
        if (calls.unreadableVerdicts() + calls.failedAnswers() + calls.failedJudgements() > 0) {
            line.append(String.format(Locale.ROOT, " (%d unreadable verdicts, %d failed answers, %d failed judgements)",
                    calls.unreadableVerdicts(), calls.failedAnswers(), calls.failedJudgements()));
        }
        if (budget.scaled()) {
            line.append("; search ").append(budget.describe());
        }
        return line.toString();
    }
}
