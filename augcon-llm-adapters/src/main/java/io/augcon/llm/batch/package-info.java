/**
 * Batch APIs as an {@link io.augcon.api.LlmBackend}: {@link io.augcon.llm.batch.BatchBackend}
 * gathers a run's requests into rounds, sends each round as one batch, polls it and completes each
 * request from the batch's results, with a {@link io.augcon.llm.batch.BatchJournal} that lets a
 * killed run pick up the batches it already paid for. A provider is one subclass
 * ({@link io.augcon.llm.openai.OpenAiBatchBackend} for OpenAI's Batch API).
 */
package io.augcon.llm.batch;
