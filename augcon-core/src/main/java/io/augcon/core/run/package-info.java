/** Running the pipeline: the work on one root, ordered output, and the run's counters. */
package io.augcon.core.run;
