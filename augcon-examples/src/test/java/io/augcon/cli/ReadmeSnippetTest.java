package io.augcon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.testkit.ReadmeSnippets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's library snippets compile against the modules as built (those of other modules: by their own tests). */
class ReadmeSnippetTest {
    @TempDir
    Path classes;

    @Test
    void everySnippetCompiles() throws Exception {
        List<ReadmeSnippets.Snippet> snippets = ReadmeSnippets.of(Path.of("..", "README.md"), "augcon-examples");
        assertThat(snippets).as("README.md's '<!-- snippet: Name -->' java blocks").extracting(ReadmeSnippets.Snippet::name)
                .contains("QuickStart", "ResilientRun");
        for (ReadmeSnippets.Snippet snippet : snippets) {
            assertThat(snippet.source()).contains("class " + snippet.name()).contains("AugCon.builder()");
            assertThat(ReadmeSnippets.compile(snippet, classes)).isEmpty();
            assertThat(classes.resolve(snippet.name() + ".class")).exists();
        }
    }
}
