/**
 * Step 2's last move and the quota it serves: how many pairs a root owes ({@link
 * io.augcon.core.filter.Quota}), and, from a root's candidate queries ranked best first by the
 * scorer, a diverse set up to that quota, dropping near-duplicates (ROUGE-L at or above a
 * threshold against a query already kept).
 */
package io.augcon.core.filter;
