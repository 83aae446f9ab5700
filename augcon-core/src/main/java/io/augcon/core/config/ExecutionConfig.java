package io.augcon.core.config;

import static io.augcon.api.internal.Knob.atLeast;

/**
 * How one JVM runs the pipeline: threads for the CPU work and how many roots are in progress at
 * once. Neither changes the records, only speed and memory. 0 means "chosen at build time", so a
 * configuration written on one machine means the same on another.
 *
 * <pre>{@code
 * ExecutionConfig small = ExecutionConfig.DEFAULTS.withCpuThreads(2).withMaxRootsInProgress(32);
 * }</pre>
 *
 * @param cpuThreads         threads for parsing, ROUGE-L, scoring and other CPU work; 0 (default)
 *                           takes the processor count, at least 2
 * @param maxRootsInProgress roots started and not yet written, at most; 0 (default) takes
 *                           {@code max(64, 8 * concurrency)}. Bounds memory; output is written in
 *                           corpus order, so one slow root holds back the roots after it until this
 *                           many are waiting
 */
public record ExecutionConfig(int cpuThreads, int maxRootsInProgress) {
    /** Both chosen at build time. */
    public static final ExecutionConfig DEFAULTS = new ExecutionConfig(0, 0);

    /** @throws IllegalArgumentException naming the knob that is negative */
    public ExecutionConfig {
        atLeast("cpuThreads", cpuThreads, 0);
        atLeast("maxRootsInProgress", maxRootsInProgress, 0);
    }

    /** The CPU threads a run uses: the setting, or the processor count (at least 2) when it is 0. */
    public int resolvedCpuThreads() {
        return cpuThreads > 0 ? cpuThreads : Math.max(2, Runtime.getRuntime().availableProcessors());
    }

    /** The roots in progress a run allows: the setting, or {@code max(64, 8 * concurrency)} when it is 0. */
    public int resolvedMaxRootsInProgress(int concurrency) {
        return maxRootsInProgress > 0 ? maxRootsInProgress : Math.max(64, 8 * concurrency);
    }

    /** These settings with another number of CPU threads (0 for the processor count). */
    public ExecutionConfig withCpuThreads(int value) {
        return new ExecutionConfig(value, maxRootsInProgress);
    }

    /** These settings with another bound on roots in progress (0 for the default). */
    public ExecutionConfig withMaxRootsInProgress(int value) {
        return new ExecutionConfig(cpuThreads, value);
    }
}
