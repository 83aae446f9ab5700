package io.augcon.core.internal.stage;

import io.augcon.api.LlmException;
import io.augcon.api.LlmUnavailableException;
import io.augcon.core.llm.BudgetExhaustedException;
import io.augcon.core.llm.OutageException;
import java.util.Set;

/**
 * Which LLM failures end the whole run rather than one tree branch or one answer.
 *
 * <p>A failure that every later request would repeat (the server refuses the key, the endpoint or
 * the model does not exist) must stop the run at once: skipping each node in turn would spend the
 * corpus and end "successfully" with no records. So must a server that stayed down through every
 * probe of the circuit breaker ({@link OutageException}), and so must a spent budget
 * ({@link BudgetExhaustedException}), and an LLM that never answered ({@link LlmUnavailableException}). Everything else (a timeout, a 500, an answer that
 * does not parse) is local to the node or query that met it, counted, and reported.
 */
public final class RunFailure {
    /** Unauthorised, forbidden, not found: wrong key, wrong base URL or wrong model. */
    private static final Set<Integer> FATAL_STATUSES = Set.of(401, 403, 404);

    private RunFailure() {}

    /** True when {@code error}, or any of its causes, is an LLM failure no retry can fix. */
    public static boolean endsTheRun(Throwable error) {
        for (Throwable c = error; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof OutageException || c instanceof BudgetExhaustedException || c instanceof LlmUnavailableException) {
                return true;
            }
            if (c instanceof LlmException) {
                LlmException e = (LlmException) c;
                return e.kind() == LlmException.Kind.HTTP_STATUS
                        && e.status().isPresent() && FATAL_STATUSES.contains(e.status().getAsInt());
            }
        }
        return false;
    }
}
