package io.augcon.spark;

import org.apache.spark.sql.SparkSession;

/** The tests' Spark: local mode on two threads, no UI, bound to the loopback address. */
final class LocalSpark {
    private LocalSpark() {}

    static SparkSession start() {
        return SparkSession.builder()
                .master("local[2]")
                .appName("augcon-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
    }
}
