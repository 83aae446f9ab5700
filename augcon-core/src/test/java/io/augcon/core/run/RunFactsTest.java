package io.augcon.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.api.Language;
import io.augcon.api.TokenUsage;
import io.augcon.core.event.SearchReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFactsTest {
    @TempDir
    Path dir;

    @Test
    void aFileThatSavedOnlyPartOfTheSummaryStillReadsWithTheRestEmpty() throws IOException {
        // written by io.augcon.report.RunFacts at 9ccfc23, which kept 17 of the summary's fields
        try (InputStream saved = getClass().getResourceAsStream("partial/" + RunFacts.FILE_NAME)) {
            Files.copy(saved, dir.resolve(RunFacts.FILE_NAME));
        }
        RunFacts facts = RunFacts.readFrom(dir);
        RunSummary summary = facts.summary();

        assertThat(List.of(summary.documents(), summary.badInputs(), summary.roots(), summary.quota(),
                summary.candidates(), summary.kept(), summary.duplicates(), summary.records()))
                .containsExactly(2L, 1L, 3L, 7L, 10L, 6L, 3L, 5L);
        assertThat(summary.llmCalls()).isEqualTo(Map.of("cst", 40L, "response", 6L));
        assertThat(summary.tokens()).containsEntry("cst", new TokenUsage(4000, 900));
        assertThat(summary.llmFailures()).isEqualTo(Map.of("timeout", 2L));
        assertThat(summary.branchEnds()).isEqualTo(Map.of("too_short", 12L));
        assertThat(summary.recordFlags()).isEqualTo(Map.of("below_grounding_floor", 1L));
        assertThat(summary.scorer()).isEqualTo("none: candidates kept in generation order");
        assertThat(summary.wallTime()).isEqualTo(Duration.ofMillis(3500));
        assertThat(summary.nodesExpanded()).isZero();
        assertThat(summary.resilience()).isEqualTo(ResilienceCounts.NONE);
        assertThat(summary.demonstrations()).isEmpty();
        assertThat(summary.dropped()).as("a file from before drops were counted").isEmpty();
        assertThat(facts.rootFills()).extracting(RootFill::rootId).containsExactly("a#0", "a#1", "b#0");
        assertThat(facts.rootFills().get(0)).isEqualTo(new RootFill("a#0", "a", 120, 3, 5, 1, 3, 1, 0, 1, 0, 2));
    }

    @Test
    void everyFieldOfTheSummaryRoundTripsUnderTheFilesNames() throws IOException {
        SearchReport search = new SearchReport(Language.ZH, 4,
                List.of(new SearchReport.Candidate(List.of("s1", "s2"), 3, 4), new SearchReport.Candidate(List.of("s3"), 0, 0)),
                0, new SearchReport.Calls(8, 8, 1, 0, 0), new SearchReport.Budget(2, 8, 43));
        ResilienceCounts resilience = new ResilienceCounts(Map.of("timeout", 3L), Map.of("server", 1L), 2, 1, 4, 8, 1,
                Duration.ofMillis(1500), 1);
        RunSummary summary = new RunSummary(3, 1, 9, 2, 40, Map.of("parse", 2L), 5, 1, Map.of("too_short", 7L), 30, 20,
                4, 6, 18, 2, 3, Map.of("timeout", 1L), 15, Map.of("cst", 40L), Map.of("timeout", 4L),
                Map.of("cst", new TokenUsage(9000, 1200)), "trained in run", Duration.ofNanos(12_345_678_901L),
                resilience, Map.of("below_grounding_floor", 2L), Map.of("zh", search), 1,
                Map.of("short_paragraph", new DropCount(3, 240), "root_without_quota", new DropCount(2, 51)));
        RunFacts facts = new RunFacts(summary, List.of(new RootFill("d#0", "d", 400, 5, 9, 2, 5, 1, 0, 0, 1, 4)));

        Path file = facts.writeTo(dir);

        assertThat(RunFacts.readFrom(dir)).isEqualTo(facts);
        assertThat(Files.readString(file)).contains("\"wall_seconds\" : 12.345678901", "\"root_fills\"",
                "\"cross_root_duplicates\"", "\"paused_seconds\" : 1.5", "\"dropped\"").doesNotContain("wall_time");
    }

    @Test
    void aSearchReportSavedBeforeBudgetsWereReportedReadsAsUnscaled() throws IOException {
        SearchReport search = new SearchReport(Language.EN, 6, List.of(new SearchReport.Candidate(List.of("e1"), 0, 0)), 0,
                new SearchReport.Calls(0, 0, 0, 0, 0), new SearchReport.Budget(1, 8, 12));
        RunSummary summary = new RunSummary(0, 0, 0, 0, 0, Map.of(), 0, 0, Map.of(), 0, 0, 0, 0, 0, 0, 0, Map.of(), 0,
                Map.of(), Map.of(), Map.of(), "none", Duration.ZERO, null, Map.of(), Map.of("en", search), 0);
        Path file = new RunFacts(summary, List.of()).writeTo(dir);
        String saved = Files.readString(file);
        assertThat(saved).contains("\"budget\"");
        Files.writeString(file, saved.replaceAll("(?s),\\s*\"budget\"\\s*:\\s*\\{[^}]*\\}", ""));

        SearchReport read = RunFacts.readFrom(dir).summary().demonstrations().get("en");
        assertThat(read.budget()).isEqualTo(new SearchReport.Budget(1, 1, 0));
        assertThat(read.describe()).endsWith("(the only possible set, not searched)");
    }

    @Test
    void aMissingOrUnreadableFileIsNamed() throws IOException {
        assertThatThrownBy(() -> RunFacts.readFrom(dir)).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(RunFacts.FILE_NAME);
        Files.writeString(dir.resolve(RunFacts.FILE_NAME), "[1, 2]");
        assertThatThrownBy(() -> RunFacts.readFrom(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining(RunFacts.FILE_NAME + ": not a run summary");
    }
}
