package io.augcon.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The command line of a fresh JVM that runs a class of the calling test's class path, for tests
 * whose subject happens once per JVM (a dictionary load, stdout, a kill -9). Under Surefire the
 * class path is the test run's ({@code surefire.test.class.path}), else this JVM's.
 *
 * <pre>{@code
 * Process child = new ProcessBuilder(ChildJvm.command("512m", SegmentOnce.class, "a", "b")).start();
 * }</pre>
 */
public final class ChildJvm {
    private ChildJvm() {
    }

    /**
     * {@code java -Xmx<heap> -cp <the test class path> <main> <args...>}, with this JVM's own
     * {@code java} executable.
     *
     * @param heap the child's maximum heap, e.g. {@code "512m"}: every JVM gets an explicit one
     * @param main the class whose {@code main} the child runs
     * @param args its arguments
     * @return the command, a new mutable list the caller may extend
     */
    public static List<String> command(String heap, Class<?> main, String... args) {
        Objects.requireNonNull(heap, "heap");
        Objects.requireNonNull(main, "main");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-cp", classpath, main.getName()));
        command.addAll(List.of(args));
        return command;
    }
}
