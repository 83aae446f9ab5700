package io.augcon.core.llm;

import io.augcon.api.LlmException;

/**
 * A request was refused because the run's LLM budget ({@link LlmPolicy#maxCalls()},
 * {@link LlmPolicy#maxTokensTotal()}) is spent. It ends the run the way an outage does and, like
 * an outage, leaves a state a rerun with the same answer cache and a larger budget resumes from.
 */
public final class BudgetExhaustedException extends LlmException {
    private static final long serialVersionUID = 1L;

    /** A budget stop; {@code message} says which budget and how much of it was used. */
    public BudgetExhaustedException(String message) {
        super(Kind.OTHER, message);
    }

    /** The budget stop in {@code error}'s cause chain, or {@code null} when the run ended for another reason. */
    public static BudgetExhaustedException in(Throwable error) {
        for (Throwable c = error; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof BudgetExhaustedException) {
                return (BudgetExhaustedException) c;
            }
        }
        return null;
    }
}
