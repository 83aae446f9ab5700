package io.augcon.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.testkit.ReadmeSnippets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Spark snippet compiles against this module and Spark. */
class ReadmeSnippetTest {
    @TempDir
    Path classes;

    @Test
    void theSparkSnippetCompiles() throws Exception {
        List<ReadmeSnippets.Snippet> snippets = ReadmeSnippets.of(Path.of("..", "README.md"), "augcon-spark");

        assertThat(snippets).extracting(ReadmeSnippets.Snippet::name).containsExactly("SparkRun");
        ReadmeSnippets.Snippet snippet = snippets.get(0);
        assertThat(snippet.source()).contains("class SparkRun").contains("AugConSpark.builder()");
        assertThat(ReadmeSnippets.compile(snippet, classes)).isEmpty();
        assertThat(classes.resolve("SparkRun.class")).exists();
    }
}
