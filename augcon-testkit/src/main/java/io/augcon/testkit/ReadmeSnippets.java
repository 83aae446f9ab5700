package io.augcon.testkit;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * The README's Java snippets, and javac for them. A snippet is a {@code ```java} block right after
 * a {@code <!-- snippet: Name (compiled by MODULE's TestName) -->} line; it belongs to the module
 * its note names ({@code augcon-examples} when the note names none), and that module's test
 * compiles it against its own classpath, so a snippet that needs Spark is compiled where Spark is.
 *
 * <pre>{@code
 * for (ReadmeSnippets.Snippet s : ReadmeSnippets.of(Path.of("..", "README.md"), "augcon-spark")) {
 *     assertThat(ReadmeSnippets.compile(s, classes)).isEmpty();
 * }
 * }</pre>
 */
public final class ReadmeSnippets {
    private static final Pattern SNIPPET = Pattern.compile(
            "<!-- snippet: (\\w+)([^>]*)-->\\s*```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern MODULE = Pattern.compile("compiled by (augcon-[a-z-]+)'");
    private static final String DEFAULT_MODULE = "augcon-examples";

    private ReadmeSnippets() {}

    /**
     * One snippet.
     *
     * @param name   the class it declares
     * @param module the module whose test compiles it
     * @param source its Java source
     */
    public record Snippet(String name, String module, String source) {}

    /** The snippets of {@code readme} that {@code module} compiles, in README order. */
    public static List<Snippet> of(Path readme, String module) throws IOException {
        Matcher m = SNIPPET.matcher(Files.readString(readme, StandardCharsets.UTF_8));
        List<Snippet> snippets = new ArrayList<>();
        while (m.find()) {
            Matcher note = MODULE.matcher(m.group(2));
            String owner = note.find() ? note.group(1) : DEFAULT_MODULE;
            if (owner.equals(module)) {
                snippets.add(new Snippet(m.group(1), owner, m.group(3)));
            }
        }
        return snippets;
    }

    /**
     * Compiles {@code snippet} into {@code classes} against this JVM's classpath, every lint
     * warning an error (but {@code -Xlint:path}: opennlp-tools' manifest names a Class-Path jar
     * beside it that a Maven repository does not hold).
     *
     * @return javac's diagnostics, empty when the snippet compiled
     */
    public static String compile(Snippet snippet, Path classes) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + snippet.name() + ".java"),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return snippet.source();
            }
        };
        StringWriter diagnostics = new StringWriter();
        List<String> options = List.of("-classpath", System.getProperty("java.class.path"),
                "-d", classes.toString(), "-Xlint:all", "-Xlint:-path", "-Werror");
        boolean ok = javac.getTask(diagnostics, null, null, options, null, List.of(file)).call();
        return ok ? "" : "snippet " + snippet.name() + " did not compile:\n" + diagnostics;
    }
}
