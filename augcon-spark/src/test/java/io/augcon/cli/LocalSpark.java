package io.augcon.cli;

import org.apache.spark.sql.SparkSession;

/** A test's own Spark, to write a launcher's input and read its output: local mode, no UI, loopback only. */
final class LocalSpark {
    private LocalSpark() {}

    static SparkSession start() {
        return SparkSession.builder().master("local[2]").appName("augcon-launcher-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
    }
}
