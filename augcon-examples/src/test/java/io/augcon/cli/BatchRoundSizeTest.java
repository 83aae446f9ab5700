package io.augcon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.llm.batch.BatchLimits;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class BatchRoundSizeTest {
    private static final long GB = 1L << 30;

    @Test
    void aTwoGigabyteHeapBoundsTheRootsBeforeOpenAisCapsDo() {
        // 2 GB x 2,000 roots per GB = 4,000 roots; the caps allow min(50,000, 200 MB / 5,000 B) / 5 = 8,000.
        assertThat(BatchRoundSize.of(BatchLimits.OPENAI, 2 * GB)).isEqualTo(new BatchRoundSize(50_000, 4_000));
    }

    @Test
    void aLargeHeapIsBoundByTheBytesCap() {
        assertThat(BatchRoundSize.of(BatchLimits.OPENAI, 16 * GB)).isEqualTo(new BatchRoundSize(50_000, 8_000));
    }

    @Test
    void aSmallRequestCapBoundsBothTheConcurrencyAndTheRoots() {
        assertThat(BatchRoundSize.of(BatchLimits.OPENAI.withMaxRequests(1_000), 2 * GB)).isEqualTo(new BatchRoundSize(1_000, 200));
    }

    @Test
    void theDryRunCountsOnePassOfEightRoundsPerRootsInProgress() {
        StringWriter text = new StringWriter();
        BatchRoundSize.estimate(9_000, BatchLimits.OPENAI, 2 * GB, new PrintWriter(text));
        assertThat(text.toString()).contains("about 24 rounds: 8 per pass of up to 4000 roots at once").contains("3 passes for 9000 roots");
    }
}
