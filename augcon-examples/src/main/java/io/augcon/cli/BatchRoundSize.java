package io.augcon.cli;

import io.augcon.llm.batch.BatchLimits;

/**
 * How big {@code --batch} lets a round grow, from the batch caps and the heap. Online, the
 * concurrency limit and the cap on roots in progress protect a server; in batch mode they only
 * bound a round, and a round should hold one tree level of every root in the corpus, so that
 * the number of rounds stays that of one pass (8 on the samples) whatever the corpus size.
 *
 * <ul>
 *   <li>concurrency = the request cap: a whole round may be in flight, and a request past it
 *       waits for the next round;</li>
 *   <li>roots in progress = the smaller of the roots whose widest round fills a batch and the
 *       roots the heap holds. A batch holds the request cap or {@code maxBytes / LINE_BYTES}
 *       lines, whichever is fewer, and a root puts {@value #WIDEST_LEVEL} requests in its widest
 *       round; the heap holds {@value #ROOTS_PER_GB} roots per GB. All three measured by
 *       {@code BatchRoundsRun} on the samples x 16 (1,488 roots): 7,296 requests in the widest
 *       round (4.9 per root), line bodies of 4,876 bytes at most, and a live heap 713 MB above
 *       the idle one at its peak (2,240 roots per GB, the loopback server's copies of every
 *       batch file included).</li>
 * </ul>
 * Past that bound a corpus takes one more pass of rounds per that many roots: the samples x 16
 * with 372 roots in progress took 32 rounds, four passes of 8.
 */
record BatchRoundSize(int concurrency, int rootsInProgress) {
    /** Requests of one root in its widest round (4.9 measured, rounded up). */
    static final int WIDEST_LEVEL = 5;
    /** Bytes of one JSONL line, its wrapper included (4,876 bytes of body at most on the samples, rounded up). */
    static final int LINE_BYTES = 5_000;
    /** Roots in progress one GB of heap holds while their requests wait on a batch (2,240 measured, rounded down). */
    static final int ROOTS_PER_GB = 2_000;

    /** Rounds of one pass over the roots in progress: the bundled samples' run ({@code BatchRoundsRun}, 1x to 16x). */
    static final int ROUNDS_PER_PASS = 8;

    /** {@code --dry-run --batch}: the rounds {@code roots} roots take, printed to {@code out}. */
    static void estimate(long roots, BatchLimits limits, long maxHeapBytes, java.io.PrintWriter out) {
        int perPass = of(limits, maxHeapBytes).rootsInProgress();
        long passes = Math.max(1, (roots + perPass - 1) / perPass);
        out.printf(java.util.Locale.ROOT, "dry run: --batch: about %d rounds: %d per pass of up to %d roots at once (the"
                + " samples' run), %d pass%s for %d roots; each round waits for its batch (at most 24 h)%n",
                passes * ROUNDS_PER_PASS, ROUNDS_PER_PASS, perPass, passes, passes == 1 ? "" : "es", roots);
        out.flush();
    }

    /** The sizes for {@code limits} in a heap of {@code maxHeapBytes}. */
    static BatchRoundSize of(BatchLimits limits, long maxHeapBytes) {
        long linesByBytes = limits.maxBytes() / LINE_BYTES;
        long byCaps = Math.max(1, Math.min(limits.maxRequests(), linesByBytes) / WIDEST_LEVEL);
        long byHeap = Math.max(1, maxHeapBytes / (1L << 30) * ROOTS_PER_GB + (maxHeapBytes % (1L << 30)) * ROOTS_PER_GB / (1L << 30));
        return new BatchRoundSize(limits.maxRequests(), (int) Math.min(byCaps, byHeap));
    }
}
