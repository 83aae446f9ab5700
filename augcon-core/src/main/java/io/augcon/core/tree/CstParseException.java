package io.augcon.core.tree;

/**
 * An LLM answer to the Context-Split-Tree prompt that does not hold a question and two
 * sub-contexts. Unchecked, because the caller's answer is the same for every reason: retry the
 * call (bounded), then count the failure. The message is a short reason ("no 'Context 2'
 * label", "empty question") fit for a retry log and a failure tally.
 */
final class CstParseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param reason a short, stable reason, suitable for grouping failures in a summary */
    public CstParseException(String reason) {
        super(reason);
    }
}
