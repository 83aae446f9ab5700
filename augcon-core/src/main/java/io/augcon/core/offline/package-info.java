/**
 * The offline mode: the whole pipeline with in-process components only. Splits at sentence
 * boundaries chosen by an embedding model, questions about noun phrases that a {@link
 * io.augcon.core.offline.PartOfSpeechTagger} finds, answers extracted from
 * the context. A real, smaller method for retrieval and embedding data and for trying the
 * library without an LLM, not a stand-in for one.
 */
package io.augcon.core.offline;
