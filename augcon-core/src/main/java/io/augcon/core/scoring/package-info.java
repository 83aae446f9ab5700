/**
 * Training data for the contrastive query scorer (the method's Step 2): positive queries from the
 * run's own trees, negatives asked of the same LLM with deliberately weaker prompts, and the
 * {@link io.augcon.core.scoring.PairTrainer} hook through which a scorer module trains on them
 * in the middle of a run.
 */
package io.augcon.core.scoring;
