package io.augcon.testkit;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Which fault the next LLM request of a {@link LoopbackOpenAiServer} meets: first the injected
 * ones, in order, then one drawn from the seeded mix, else none; and how many requests met each.
 * Thread-safe.
 */
final class FaultPlan {
    private final Deque<ServerFault> queued = new ArrayDeque<>();
    private final Map<ServerFault, Double> mix = new LinkedHashMap<>();
    private final Map<ServerFault, Integer> met = new LinkedHashMap<>();
    private Random mixRandom;

    /** Queues {@code fault} for the next {@code times} requests, behind those already queued. */
    synchronized void inject(ServerFault fault, int times) {
        Objects.requireNonNull(fault, "fault");
        if (times < 1) {
            throw new IllegalArgumentException("times must be >= 1, was " + times);
        }
        for (int i = 0; i < times; i++) {
            queued.addLast(fault);
        }
    }

    /** Draws the faults of requests nothing is queued for from {@code shares}, seeded with {@code seed}; empty ends the mix. */
    void mix(long seed, Map<ServerFault, Double> shares) {
        double total = 0;
        for (double share : shares.values()) {
            if (!(share >= 0)) {
                throw new IllegalArgumentException("fault shares must be >= 0, were " + shares.values());
            }
            total += share;
        }
        if (total > 1 + 1e-9) {
            throw new IllegalArgumentException("fault shares must add up to at most 1, added up to " + total);
        }
        synchronized (this) {
            mix.clear();
            mix.putAll(shares);
            mixRandom = new Random(seed);
        }
    }

    /** The fault for the request that just arrived, if any, counted as met. */
    synchronized ServerFault next() {
        ServerFault fault = queued.pollFirst();
        if (fault == null && mixRandom != null && !mix.isEmpty()) {
            double draw = mixRandom.nextDouble();
            double upTo = 0;
            for (Map.Entry<ServerFault, Double> e : mix.entrySet()) {
                upTo += e.getValue();
                if (draw < upTo) {
                    fault = e.getKey();
                    break;
                }
            }
        }
        if (fault != null) {
            met.merge(fault, 1, Integer::sum);
        }
        return fault;
    }

    /** How many requests met each fault so far. */
    synchronized Map<ServerFault, Integer> met() {
        return Map.copyOf(met);
    }
}
