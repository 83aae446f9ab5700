/**
 * Step 2's last move: from a root context's candidate queries, ranked best first by the scorer,
 * keep a diverse set up to the root's quota by dropping near-duplicates (ROUGE-L at or above a
 * threshold against a query already kept).
 */
package io.augcon.core.filter;
