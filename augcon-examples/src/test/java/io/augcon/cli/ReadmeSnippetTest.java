package io.augcon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's library snippets compile against the modules as built. */
class ReadmeSnippetTest {
    private static final Pattern SNIPPET = Pattern.compile(
            "<!-- snippet: (\\w+)[^>]*-->\\s*```java\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path classes;

    @Test
    void everySnippetCompiles() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        Matcher m = SNIPPET.matcher(readme);
        List<String> names = new java.util.ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
            compiles(m.group(1), m.group(2));
        }
        assertThat(names).as("README.md's '<!-- snippet: Name -->' java blocks").contains("QuickStart", "ResilientRun");
    }

    private void compiles(String name, String source) {
        assertThat(source).contains("class " + name).contains("AugCon.builder()");

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        StringWriter diagnostics = new StringWriter();
        // -Xlint:-path: opennlp-tools' manifest names a Class-Path jar beside it that a Maven repository does not hold.
        List<String> options = List.of("-classpath", System.getProperty("java.class.path"),
                "-d", classes.toString(), "-Xlint:all", "-Xlint:-path", "-Werror");
        boolean ok = javac.getTask(diagnostics, null, null, options, null, List.of(file)).call();
        assertThat(ok).as(diagnostics.toString()).isTrue();
        assertThat(classes.resolve(name + ".class")).exists();
    }
}
