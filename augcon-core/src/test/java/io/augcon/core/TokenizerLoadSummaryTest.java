package io.augcon.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.api.Document;
import io.augcon.core.run.RunSummary;
import io.augcon.testkit.ChildJvm;
import io.augcon.testkit.ScriptedLlm;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * jieba's dictionary load is silent on stdout, so its time goes into the summary instead (issue
 * 14): the first run of a JVM that meets Chinese text says how long the load took; a second run
 * of the same JVM, which did not wait for it, says nothing. Checked in a fresh JVM, because the
 * dictionary loads once per JVM and another test may already have loaded it in this one.
 */
class TokenizerLoadSummaryTest {

    @Test
    void theFirstChineseRunOfAJvmReportsTheLoadAndTheSecondDoesNot() throws Exception {
        Process process = new ProcessBuilder(ChildJvm.command("512m", TwoRuns.class)).start();
        process.getOutputStream().close();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();

        assertThat(process.exitValue()).as(stderr).isZero();
        assertThat(stdout).as("nothing but the child's own lines on stdout").isEmpty();
        List<String> lines = stderr.lines().filter(l -> l.startsWith("run ")).toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("run 1 records [1-9]\\d* loads \\{zh=PT[0-9.]+S} wall time [0-9.]+ s \\(tokenizer load: zh [0-9.]+ s\\)");
        assertThat(lines.get(1)).matches("run 2 records [1-9]\\d* loads \\{} wall time [0-9.]+ s");
    }

    @Test
    void theSummaryLineNamesEachLoadAndNothingWithoutOne() {
        RunSummary none = summary(Map.of());
        RunSummary loaded = summary(Map.of("zh", Duration.ofMillis(6933)));

        assertThat(none.format()).contains("wall time 2.0 s").doesNotContain("tokenizer load");
        assertThat(loaded.format()).contains("wall time 2.0 s (tokenizer load: zh 6.9 s)");
    }

    private static RunSummary summary(Map<String, Duration> loads) {
        return new RunSummary(1, 0, 1, 0, 0, Map.of(), 0, 0, Map.of(), 0, 0, 0, 0, 0, 0, 0, Map.of(), 0, Map.of(),
                Map.of(), Map.of(), "none", Duration.ofSeconds(2), null, Map.of(), Map.of(), 0, Map.of(), loads);
    }

    /** The child: two runs over one Chinese document, each summary's last line on stderr. */
    public static final class TwoRuns {
        public static void main(String[] args) throws Exception {
            AugCon augcon = AugCon.builder().llm(ScriptedLlm.immediate()).build();
            List<Document> tea = List.of(AugConPipelineTest.corpus().get(2));
            for (int run = 1; run <= 2; run++) {
                RunSummary summary = augcon.generate(tea).summary();
                String wall = summary.format().lines().filter(l -> l.startsWith("wall time")).findFirst().orElseThrow();
                System.err.println("run " + run + " records " + summary.records() + " loads " + summary.tokenizerLoads()
                        + " " + wall);
            }
        }
    }
}
