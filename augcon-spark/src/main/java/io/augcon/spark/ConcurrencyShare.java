package io.augcon.spark;

/**
 * A task's share of a job's LLM concurrency, so the job as a whole keeps the configuration's
 * {@code llm.concurrency} requests in flight at most, as one JVM would, however many executors it
 * has. At most {@code atOnce = min(partitions, slots)} of the job's tasks run at the same time
 * ({@code slots}: the cluster's task slots, Spark's {@code defaultParallelism} when the job is
 * planned), and each gets {@code floor(concurrency / atOnce)} requests in flight. When the
 * concurrency is below {@code atOnce}, the input is coalesced to {@code concurrency} partitions
 * with one request each. The remainder of the division goes unused: 10 shared by 4 tasks gives
 * 2 each, 8 in all.
 *
 * <pre>{@code
 * ConcurrencyShare.of(64, 1000, 32);   // 1,000 partitions on 32 slots: 2 requests per task, 64 in all
 * ConcurrencyShare.of(4, 1000, 32);    // coalesced to 4 partitions of 1 request each
 * }</pre>
 *
 * @param partitions the partitions the job runs on: the input's, or fewer when coalesced
 * @param perTask    the requests each task may have in flight
 */
record ConcurrencyShare(int partitions, int perTask) {

    /**
     * @param concurrency the job's requests in flight at most
     * @param partitions  the input's partitions
     * @param slots       how many tasks the cluster runs at once
     */
    static ConcurrencyShare of(int concurrency, int partitions, int slots) {
        int atOnce = Math.max(1, Math.min(partitions, slots));
        if (concurrency < atOnce) {
            return new ConcurrencyShare(concurrency, 1);
        }
        return new ConcurrencyShare(partitions, concurrency / atOnce);
    }
}
