package io.augcon.api;

/**
 * The run's LLM cannot be used, so the run ends instead of failing each call in turn: the
 * {@linkplain LlmBackend#preflight preflight} found the server unreachable or refusing (wrong
 * port, unknown host, 401/403, no such path or model), or every LLM call of the run so far has
 * failed. The cause is the first failure, with the server's own words; {@link #kind()} and
 * {@link #status()} are the cause's. Messages never contain credentials.
 *
 * <pre>{@code
 * try {
 *     augcon.run(input, output);
 * } catch (LlmUnavailableException e) {
 *     System.err.println(e.getMessage());   // e.g. "cannot connect to http://127.0.0.1:9/v1/models: ..."
 * }
 * }</pre>
 */
public final class LlmUnavailableException extends LlmException {
    private static final long serialVersionUID = 1L;

    /**
     * A failure saying {@code message}, caused by {@code firstFailure} (which may be {@code null}
     * when there was no failure to quote, e.g. a check that refused on its own).
     *
     * @param message      what could not be used and why, naming the URL; never a key
     * @param firstFailure the first failure met, whose kind and status this exception takes
     */
    public LlmUnavailableException(String message, Throwable firstFailure) {
        super(LlmException.kindOf(firstFailure),
                LlmException.find(firstFailure).map(e -> e.status().orElse(-1)).orElse(-1), message, firstFailure);
    }
}
