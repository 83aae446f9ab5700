/**
 * Step 0 of the method: from a corpus on disk to root contexts.
 *
 * <p>{@link io.augcon.core.corpus.CorpusReader} streams {@link io.augcon.api.Document}s out of
 * {@code .txt}, {@code .md} and {@code .jsonl} files, reporting bad input instead of stopping on
 * it; {@link io.augcon.core.corpus.Chunker} cuts each document into paragraph-bound
 * {@link io.augcon.core.corpus.Chunk}s of whole sentences, which become the roots of the
 * Context-Split-Trees. {@link io.augcon.core.corpus.SentenceSplitter} and
 * {@link io.augcon.core.corpus.LanguageDetector} are exposed because later stages (sentence-level
 * splits, quotas per sentence, prompts per language) need the same rules.
 */
package io.augcon.core.corpus;
