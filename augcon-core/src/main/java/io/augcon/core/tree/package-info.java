/**
 * Step 1, the Context-Split-Tree: {@link io.augcon.core.tree.ContextSplitTree} is the paper's
 * Algorithm 1; {@link io.augcon.core.tree.CstStep} the joint LLM call that expands a node, in the
 * layout its {@link io.augcon.core.tree.CstFormat} picks.
 */
package io.augcon.core.tree;
