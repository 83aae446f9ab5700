/**
 * Step 1, the Context-Split-Tree: {@link io.augcon.core.tree.ContextSplitTree} is the paper's
 * Algorithm 1; {@link io.augcon.core.tree.LlmCstStep} the joint LLM call that expands a node.
 */
package io.augcon.core.tree;
