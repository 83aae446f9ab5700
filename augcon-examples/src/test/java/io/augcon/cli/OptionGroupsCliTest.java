package io.augcon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code generate}'s option groups: exclusive groups, choice values and the settings a resume must match. */
class OptionGroupsCliTest {
    /** The settings a work dir fingerprinted before the options moved into mixins, less {@code --offline} (it changes no record). */
    static final Set<String> SETTINGS = Set.of("--input", "--format", "--model", "--language", "--max-chunk-chars",
            "--min-context-chars", "--chars-per-pair", "--words-per-pair", "--sentences-per-pair", "--oversample",
            "--rouge-threshold", "--rouge-measure", "--min-child-precision", "--max-tree-runs", "--seed-examples",
            "--demonstrations", "--search-budget", "--reasoning", "--grounding-floor", "--below-floor", "--principles",
            "--seed", "--strict", "--scorer", "--train-scorer", "--scorer-pairs-per-kind", "--encoder", "--backend",
            "--split", "--global-dedup", "--global-dedup-threshold", "--min-paragraph-chars");

    @TempDir
    Path dir;

    private static CommandSpec generate(String... args) {
        CommandLine generate = new CommandLine(new GenerateCommand());
        generate.parseArgs(args);
        return generate.getCommandSpec();
    }

    @Test
    void theSettingsAreEveryOptionOfTheSettingsMixinsAndNoReportRunStateOrConnectionOption() {
        CommandSpec spec = generate("--input", "in", "--output", "out.jsonl");
        Map<String, String> settings = WorkDir.settings(spec);

        Set<String> ofSettingsMixins = spec.mixins().values().stream().filter(m -> m.userObject() instanceof RecordSettings)
                .flatMap(m -> m.options().stream()).map(OptionSpec::longestName).collect(Collectors.toCollection(TreeSet::new));
        assertThat(settings.keySet()).isEqualTo(ofSettingsMixins).isEqualTo(new TreeSet<>(SETTINGS));
        Set<String> others = spec.options().stream().map(OptionSpec::longestName).filter(n -> !SETTINGS.contains(n))
                .collect(Collectors.toSet());
        assertThat(others).contains("--output", "--work-dir", "--fresh", "--max-calls", "--max-tokens-total", "--report",
                "--report-json", "--report-encoder", "--base-url", "--offline", "--api-key-env", "--header", "--concurrency",
                "--timeout-s", "--max-retries", "--adaptive-concurrency", "--preflight", "--tokenizer", "--save-scorer", "--dry-run");
    }

    @Test
    void settingsSpellDefaultsAsTheCommandLineDoesSoEarlierWorkDirsStillResume() {
        Map<String, String> settings = WorkDir.settings(generate("--input", "in", "--output", "out.jsonl"));
        assertThat(settings).containsEntry("--language", "auto").containsEntry("--split", "rewrite")
                .containsEntry("--format", "augcon").containsEntry("--backend", "openai")
                .containsEntry("--rouge-measure", "precision").containsEntry("--below-floor", "keep")
                .containsEntry("--chars-per-pair", "35.0").containsEntry("--words-per-pair", "null")
                .containsEntry("--train-scorer", "false").containsEntry("--scorer", "null").containsEntry("--principles", "[]");
        Map<String, String> given = WorkDir.settings(generate("--input", "in", "--output", "out.jsonl", "--format", "Alpaca",
                "--rouge-measure", "f-measure", "--words-per-pair", "12", "--train-scorer", "--language", "ZH"));
        assertThat(given).containsEntry("--format", "alpaca").containsEntry("--rouge-measure", "f")
                .containsEntry("--words-per-pair", "12.0").containsEntry("--train-scorer", "true").containsEntry("--language", "zh");
    }

    @ParameterizedTest(name = "{0} with {2}")
    @CsvSource({
        "--offline, '', --base-url, http://127.0.0.1:9/v1",
        "--words-per-pair, 12, --sentences-per-pair, 2",
        "--scorer, scorer.json, --train-scorer, ''",
    })
    void optionsThatExcludeEachOtherAreBadUsageWithPicocliMessage(String first, String firstValue, String second,
            String secondValue) {
        CliRun run = CliRun.of(Stream.of("generate", "--input", CliRun.SAMPLES.toString(), "--output",
                dir.resolve("o.jsonl").toString(), first, firstValue, second, secondValue).filter(a -> !a.isEmpty())
                .toArray(String[]::new));
        assertThat(run.exitCode()).isEqualTo(AugConCli.BAD_INPUT);
        assertThat(run.err()).contains(first).contains(second).contains("are mutually exclusive (specify only one)");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "--language, fr, 'auto, en or zh'",
        "--format, csv, 'augcon, alpaca, sharegpt or openai'",
        "--rouge-measure, recall, 'precision, f or f-measure'",
        "--backend, grpc, 'openai, openai-completions or ollama'",
    })
    void aValueOutsideAChoiceIsBadUsageNamingTheAcceptedValues(String option, String value, String accepted) {
        CliRun run = CliRun.of("generate", "--input", CliRun.SAMPLES.toString(), "--output", dir.resolve("o.jsonl").toString(),
                option, value);
        assertThat(run.exitCode()).isEqualTo(AugConCli.BAD_INPUT);
        assertThat(run.err()).isEqualTo("augcon: " + option + " must be " + accepted + ", was '" + value + "'"
                + System.lineSeparator());
    }

    @Test
    void choicesIgnoreCaseAndTheHelpListsThem() {
        CliRun dryRun = CliRun.of("generate", "--input", CliRun.SAMPLES.resolve("en").toString(), "--output",
                dir.resolve("o.jsonl").toString(), "--split", "NUMBERED", "--language", "En", "--dry-run");
        assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
        assertThat(dryRun.out()).contains("split numbered");
        CliRun help = CliRun.of("generate", "--help");
        assertThat(help.out()).contains("auto, en, zh").contains("augcon, alpaca, sharegpt, openai");
    }

    @Test
    void trainScorerNamesTheAcceptedLosses() {
        CliRun run = CliRun.of("train-scorer", "--pairs", "p.jsonl", "--output", "m.json", "--loss", "hinge");
        assertThat(run.exitCode()).isEqualTo(AugConCli.BAD_INPUT);
        assertThat(run.err()).contains("--loss must be paper or reference, was 'hinge'");
    }
}
