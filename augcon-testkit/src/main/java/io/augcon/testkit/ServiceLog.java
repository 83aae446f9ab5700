package io.augcon.testkit;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The service intervals of a {@link ServiceSlots} server: when each request arrived, started
 * service and finished, and what that says about how busy the client kept the server.
 */
public final class ServiceLog {
    /** One request: arrival, start of service and end of service, in clock nanoseconds. */
    public record Interval(long arrival, long start, long end) {
        /** Time spent in a slot. */
        public long service() {
            return end - start;
        }

        /** Time spent waiting for a slot. */
        public long queueing() {
            return start - arrival;
        }
    }

    private final int slots;
    private final Interval[] byEnd;

    ServiceLog(int slots, List<Interval> intervals) {
        this.slots = slots;
        this.byEnd = intervals.toArray(Interval[]::new);
        Arrays.sort(byEnd, Comparator.comparingLong(Interval::end));
    }

    /** Slots of the server. */
    public int slots() {
        return slots;
    }

    /** Requests served. */
    public int requests() {
        return byEnd.length;
    }

    /** Intervals in order of their end. */
    public List<Interval> intervals() {
        return List.of(byEnd);
    }

    /** Sum of all service times, in nanoseconds. */
    public long totalServiceNanos() {
        long total = 0;
        for (Interval i : byEnd) {
            total += i.service();
        }
        return total;
    }

    /** The shortest wall time the served work allows: total service time spread over all slots. */
    public long idealWallNanos() {
        return totalServiceNanos() / slots;
    }

    /** From the first arrival to the last end, in nanoseconds; 0 when nothing was served. */
    public long spanNanos() {
        return byEnd.length == 0 ? 0 : byEnd[byEnd.length - 1].end() - firstArrival();
    }

    /** Mean time requests waited for a slot, in nanoseconds. */
    public double meanWaitNanos() {
        return Arrays.stream(byEnd).mapToLong(Interval::queueing).average().orElse(0);
    }

    /**
     * Mean number of requests in service divided by the slots, from the first arrival until the
     * request that leaves the last {@code tailShare} of requests unfinished is done. Excluding
     * the tail measures the steady state: when a run's last trees are narrow, no client can fill
     * the slots, and that says nothing about how it drives the server while work exists.
     *
     * @param tailShare share of requests, by end time, left out at the end; in [0, 1)
     * @return a number in [0, 1]; 0 when nothing was served
     */
    public double utilization(double tailShare) {
        if (!(tailShare >= 0 && tailShare < 1)) {
            throw new IllegalArgumentException("tailShare must be in [0, 1), was " + tailShare);
        }
        if (byEnd.length == 0) {
            return 0;
        }
        int counted = Math.max(1, (int) Math.ceil(byEnd.length * (1 - tailShare)));
        long from = firstArrival();
        long until = byEnd[counted - 1].end();
        if (until <= from) {
            return 0;
        }
        long busy = 0;
        for (Interval i : byEnd) {
            long overlap = Math.min(i.end(), until) - Math.max(i.start(), from);
            busy += Math.max(0, overlap);
        }
        return (double) busy / ((double) slots * (until - from));
    }

    private long firstArrival() {
        long first = Long.MAX_VALUE;
        for (Interval i : byEnd) {
            first = Math.min(first, i.arrival());
        }
        return first;
    }
}
