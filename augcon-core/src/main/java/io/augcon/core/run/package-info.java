/**
 * What a run did: the counters that listen to it ({@link io.augcon.core.run.RunCounters}), its
 * {@link io.augcon.core.run.RunSummary}, and the {@link io.augcon.core.run.RunFacts} (summary plus
 * every root's {@link io.augcon.core.run.RootFill}) a work directory keeps as {@code run-summary.json}.
 */
package io.augcon.core.run;
