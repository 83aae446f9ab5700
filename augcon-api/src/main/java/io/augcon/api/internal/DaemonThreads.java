package io.augcon.api.internal;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The thread factories of the library's own pools and single threads: daemon threads, so none of
 * them keeps a host's JVM alive, named {@code augcon-...} so that a thread dump says whose they
 * are. Not API.
 *
 * <pre>{@code
 * ExecutorService cpu = Executors.newFixedThreadPool(2, DaemonThreads.numbered("augcon-cpu-"));  // augcon-cpu-1, -2
 * }</pre>
 */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /** Daemon threads named {@code prefix} followed by 1, 2, 3, ... in the order they are made. */
    public static ThreadFactory numbered(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        AtomicInteger number = new AtomicInteger();
        return task -> daemon(task, prefix + number.incrementAndGet());
    }

    /** Daemon threads all named {@code name}: for a pool that holds one thread at a time. */
    public static ThreadFactory named(String name) {
        Objects.requireNonNull(name, "name");
        return task -> daemon(task, name);
    }

    private static Thread daemon(Runnable task, String name) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        return t;
    }
}
