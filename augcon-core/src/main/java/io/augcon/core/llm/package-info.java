/**
 * Decorators around {@link io.augcon.api.LlmBackend}: the run-wide concurrency limit and call
 * metering. Cross-cutting concerns live here, not in the stages.
 */
package io.augcon.core.llm;
