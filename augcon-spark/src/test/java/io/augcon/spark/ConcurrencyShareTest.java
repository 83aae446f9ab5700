package io.augcon.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConcurrencyShareTest {

    @ParameterizedTest(name = "concurrency {0}, {1} partitions, {2} slots: {3} partitions of {4} requests")
    @CsvSource({
        // concurrency, partitions, slots -> partitions, per task
        "64, 1000, 32, 1000, 2",   // 32 tasks at once share 64
        "16, 5, 2, 5, 8",          // local[2]: two tasks at once
        "16, 3, 32, 3, 5",         // 3 partitions: only 3 tasks ever run at once; 1 request unused
        "10, 100, 4, 100, 2",      // the remainder goes unused: 8 in flight, not 12
        "4, 1000, 32, 4, 1",       // fewer requests than slots: 4 partitions of one request
        "1, 1, 1, 1, 1",
    })
    void theTasksThatRunAtOnceNeverHoldMoreThanTheConcurrency(int concurrency, int partitions, int slots,
            int expectedPartitions, int expectedPerTask) {
        ConcurrencyShare share = ConcurrencyShare.of(concurrency, partitions, slots);

        assertThat(share).isEqualTo(new ConcurrencyShare(expectedPartitions, expectedPerTask));
        assertThat(Math.min(share.partitions(), slots) * share.perTask()).isLessThanOrEqualTo(concurrency);
    }
}
