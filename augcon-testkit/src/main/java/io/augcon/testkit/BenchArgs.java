package io.augcon.testkit;

import java.util.HashMap;
import java.util.Map;

/**
 * The command line of the project's benchmark programs: {@code --name value} pairs, nothing else.
 *
 * <pre>{@code
 * Map<String, String> options = BenchArgs.pairs(args);
 * int slots = Integer.parseInt(options.getOrDefault("slots", "64"));
 * }</pre>
 */
public final class BenchArgs {
    private BenchArgs() {
    }

    /**
     * The pairs of {@code args} by name, without the leading {@code --}.
     *
     * @throws IllegalArgumentException naming the first argument that is not a name followed by a value
     */
    public static Map<String, String> pairs(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }
}
