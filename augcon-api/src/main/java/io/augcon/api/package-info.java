/**
 * The stage interfaces and value types of an AugCon pipeline.
 *
 * <p>The pipeline reads as the paper's method: a corpus of {@link io.augcon.api.Document}s is
 * cut into {@link io.augcon.api.RootContext}s; each root grows a Context-Split-Tree of
 * {@link io.augcon.api.ContextNode}s through a {@link io.augcon.api.NodeExpander} (one LLM call
 * per node yields a question and a split); the {@link io.augcon.api.CandidateQuery}s are ranked
 * by a {@link io.augcon.api.QueryScorer}, deduplicated, and answered by a
 * {@link io.augcon.api.ResponseRefiner}; every {@link io.augcon.api.SftRecord} keeps its
 * provenance. All LLM traffic goes through an asynchronous {@link io.augcon.api.LlmBackend}.
 *
 * <p>This module has no third-party dependency.
 */
package io.augcon.api;
