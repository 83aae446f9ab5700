/**
 * The AugCon pipeline on Apache Spark (phase 1 of issue 15): {@link io.augcon.spark.AugConSpark}
 * runs the library's engine in each task over a {@code Dataset<Row>} of documents and returns the
 * records as a {@code Dataset<Row>} ({@link io.augcon.spark.RecordRows}); the live objects a
 * pipeline needs travel as a serializable {@link io.augcon.spark.StageFactory}, the offline method's
 * as {@link io.augcon.spark.OfflineStages}.
 */
package io.augcon.spark;
