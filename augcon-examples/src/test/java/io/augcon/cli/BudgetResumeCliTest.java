package io.augcon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.store.RunJournal;
import io.augcon.store.RunStatus;
import io.augcon.testkit.LoopbackOpenAiServer;
import io.augcon.testkit.ScriptedLlm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --max-calls}, {@code --max-tokens-total} and resuming through {@code --work-dir}, in process. */
class BudgetResumeCliTest {
    private static final int CONCURRENCY = 4;

    @TempDir
    Path dir;

    private LoopbackOpenAiServer server;

    @BeforeEach
    void start() {
        server = LoopbackOpenAiServer.builder().apiKey(System.getenv(LoopbackServerCliTest.KEY_ENV)).model("loopback-7b")
                .handler(ScriptedLlm.immediate()).build();
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CliRun generate(Path output, Path work, String... extra) {
        List<String> args = new ArrayList<>(List.of("generate", "--input", CliRun.SAMPLES.resolve("en/bicycle-gears.md").toString(),
                "--output", output.toString(), "--base-url", server.baseUrl(), "--model", "loopback-7b",
                "--api-key-env", LoopbackServerCliTest.KEY_ENV, "--concurrency", String.valueOf(CONCURRENCY),
                "--work-dir", work.toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static RunStatus status(Path work) throws Exception {
        try (RunJournal journal = RunJournal.open(work.resolve(WorkDir.DATABASE))) {
            return journal.previousRun().orElseThrow().status();
        }
    }

    @Test
    void aRunStoppedAtItsCallBudgetResumesWithALargerOneToTheUninterruptedFile() throws Exception {
        Path expected = dir.resolve("expected.jsonl");
        assertThat(generate(expected, dir.resolve("work-whole")).exitCode()).isZero();
        int whole = server.requestCount();

        Path output = dir.resolve("out.jsonl");
        Path work = dir.resolve("work");
        int budget = whole / 3;
        CliRun stopped = generate(output, work, "--max-calls", String.valueOf(budget));
        assertThat(stopped.exitCode()).as(stopped.err()).isEqualTo(AugConCli.STOPPED_AT_BUDGET);
        assertThat(stopped.err()).contains("stopped at budget (the call budget is spent")
                .contains("rerun with the same --work-dir " + work + " to resume")
                .contains("LLM calls");
        assertThat(server.requestCount() - whole).isEqualTo(budget);
        assertThat(status(work)).isEqualTo(RunStatus.STOPPED_AT_BUDGET);

        CliRun resumed = generate(output, work, "--max-calls", String.valueOf(whole));
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("resuming " + output + " after a run that ended stopped-at-budget")
                .containsPattern("\\d+ LLM answers replayed from ")
                .containsPattern("[1-9]\\d* records already in " + output + " kept, not written again");
        assertThat(Files.readAllBytes(output)).isEqualTo(Files.readAllBytes(expected));
        assertThat(server.requestCount() - whole).as("requests of the stopped and the resumed run")
                .isBetween(whole, whole + CONCURRENCY);
        assertThat(status(work)).isEqualTo(RunStatus.FINISHED);
    }

    @Test
    void theTokenBudgetStopsTheRunCleanly() throws Exception {
        Path work = dir.resolve("work");
        CliRun stopped = generate(dir.resolve("out.jsonl"), work, "--max-tokens-total", "3000");
        assertThat(stopped.exitCode()).as(stopped.err()).isEqualTo(AugConCli.STOPPED_AT_BUDGET);
        assertThat(stopped.err()).contains("the token budget is spent");
        assertThat(status(work)).isEqualTo(RunStatus.STOPPED_AT_BUDGET);
    }

    @Test
    void resumingWithOtherSettingsIsRefusedNamingThemUnlessFresh() throws Exception {
        Path output = dir.resolve("out.jsonl");
        Path work = dir.resolve("work");
        assertThat(generate(output, work, "--max-calls", "20").exitCode()).isEqualTo(AugConCli.STOPPED_AT_BUDGET);

        CliRun refused = generate(output, work, "--seed", "5");
        assertThat(refused.exitCode()).isEqualTo(AugConCli.BAD_INPUT);
        assertThat(refused.err()).contains("other settings (--seed: 0 -> 5)").contains("--fresh");

        CliRun fresh = generate(output, work, "--seed", "5", "--fresh");
        assertThat(fresh.exitCode()).as(fresh.err()).isZero();
        assertThat(fresh.err()).contains(" 0 records already in");
    }

    @Test
    void anOutputChangedBetweenRunsIsNotResumed() throws Exception {
        Path output = dir.resolve("out.jsonl");
        Path work = dir.resolve("work");
        assertThat(generate(output, work, "--max-calls", "300").exitCode()).isEqualTo(AugConCli.STOPPED_AT_BUDGET);
        assertThat(Files.size(output)).isPositive();
        Files.writeString(output, "");

        CliRun refused = generate(output, work);
        assertThat(refused.exitCode()).isEqualTo(AugConCli.BAD_INPUT);
        assertThat(refused.err()).contains("cannot resume").contains("changed outside the run").contains("--fresh");
    }

    @Test
    void budgetsNeedAnLlm() {
        CliRun run = CliRun.of("generate", "--input", CliRun.SAMPLES.resolve("en/bicycle-gears.md").toString(),
                "--output", dir.resolve("o.jsonl").toString(), "--max-calls", "3");
        assertThat(run.exitCode()).isEqualTo(AugConCli.BAD_INPUT);
        assertThat(run.err()).contains("--max-calls and --max-tokens-total need --base-url");
    }
}
