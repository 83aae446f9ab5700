package io.augcon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.augcon.testkit.LoopbackOpenAiServer;
import io.augcon.testkit.ScriptedLlm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --split} and {@code --dry-run} on the command line. */
class SplitModeCliTest {
    private static final Path TEXT_FILE = CliRun.SAMPLES.resolve("en/harbor-city-library-handbook.txt");
    private static final Pattern CST_ROW = Pattern.compile("(?m)^cst\\s+([\\d,]+)\\s+([\\d,]+)\\s+([\\d,]+)$");

    @TempDir
    Path dir;

    @Test
    void aNumberedRunWritesRecordsWhoseContextsAreExactSpansOfTheDocument() throws Exception {
        ScriptedLlm model = ScriptedLlm.immediate();
        try (LoopbackOpenAiServer server = LoopbackOpenAiServer.builder().handler(model).build()) {
            server.start();
            Path output = dir.resolve("sft.jsonl");
            CliRun run = CliRun.of("generate", "--input", TEXT_FILE.toString(), "--output", output.toString(),
                    "--base-url", server.baseUrl(), "--split", "numbered", "--work-dir", dir.resolve("work").toString());

            assertThat(run.exitCode()).as(run.err()).isZero();
            String document = oneLine(Files.readString(TEXT_FILE, StandardCharsets.UTF_8));
            List<JsonNode> records = CliRun.records(output);
            assertThat(records).hasSizeGreaterThan(10);
            assertThat(records).allSatisfy(r -> assertThat(document).contains(oneLine(r.get("context").asText())));
            assertThat(model.requests()).anySatisfy(r -> assertThat(r.asMessages().get(r.asMessages().size() - 1).content())
                    .contains("\nSentences:\n[1] "));
        }
    }

    @Test
    void theDryRunPrintsAnEstimatePerStageWithoutCallingTheLlmOrWritingOutput() {
        Path output = dir.resolve("never.jsonl");
        // Nothing listens on port 9: a single LLM call would fail the run.
        CliRun rewrite = CliRun.of("generate", "--input", CliRun.SAMPLES.toString(), "--output", output.toString(),
                "--base-url", "http://127.0.0.1:9/v1", "--dry-run");
        CliRun numbered = CliRun.of("generate", "--input", CliRun.SAMPLES.toString(), "--output", output.toString(),
                "--base-url", "http://127.0.0.1:9/v1", "--dry-run", "--split", "numbered");

        assertThat(rewrite.exitCode()).as(rewrite.err()).isZero();
        assertThat(numbered.exitCode()).as(numbered.err()).isZero();
        assertThat(output).doesNotExist();
        assertThat(rewrite.out()).contains("quota 396 pairs", "quota 209 pairs", "response-search", "response ", "total");
        long[] r = cstRow(rewrite.out());
        long[] n = cstRow(numbered.out());
        assertThat(n[0]).isLessThan(r[0]);
        assertThat(n[2] * 3).as("numbered output tokens are far fewer").isLessThan(r[2]);
    }

    @Test
    void theDryRunCountsTokensWithAGivenTokenizer() throws Exception {
        Path tokenizer = dir.resolve("tokenizer.json");
        try (var in = getClass().getClassLoader().getResourceAsStream("bge-small-zh-v1.5-tokenizer.json")) {
            assertThat(in).as("the bge-small-zh jar carries its tokenizer").isNotNull();
            Files.copy(in, tokenizer);
        }
        CliRun run = CliRun.of("generate", "--input", CliRun.SAMPLES.resolve("zh").toString(), "--output",
                dir.resolve("o.jsonl").toString(), "--dry-run", "--tokenizer", tokenizer.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("counted with the tokenizer on this corpus").doesNotContain("dry run: en");
        assertThat(cstRow(run.out())[1]).isPositive();
    }

    @Test
    void theDryRunLearnsTheTreeShapeAndTokensFromAPreviousRunInTheWorkDir() throws Exception {
        Path work = dir.resolve("work");
        try (LoopbackOpenAiServer server = LoopbackOpenAiServer.builder().handler(ScriptedLlm.immediate()).build()) {
            server.start();
            CliRun run = CliRun.of("generate", "--input", TEXT_FILE.toString(), "--output", dir.resolve("sft.jsonl").toString(),
                    "--base-url", server.baseUrl(), "--work-dir", work.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
        }
        JsonNode summary = new com.fasterxml.jackson.databind.ObjectMapper().readTree(work.resolve("run-summary.json").toFile());
        double cstPerRecord = summary.get("llm_calls").get("cst").asDouble() / summary.get("records").asDouble();
        JsonNode cstTokens = summary.get("tokens").get("cst");
        double outPerCall = cstTokens.get("output_tokens").asDouble() / summary.get("llm_calls").get("cst").asDouble();

        CliRun learned = CliRun.of("generate", "--input", TEXT_FILE.toString(), "--output", dir.resolve("next.jsonl").toString(),
                "--base-url", "http://127.0.0.1:9/v1", "--work-dir", work.toString(), "--dry-run");
        CliRun constants = CliRun.of("generate", "--input", TEXT_FILE.toString(), "--output", dir.resolve("next.jsonl").toString(),
                "--base-url", "http://127.0.0.1:9/v1", "--dry-run");

        assertThat(learned.exitCode()).as(learned.err()).isZero();
        assertThat(learned.out()).contains("from the previous run in " + work.resolve("run-summary.json"));
        assertThat(constants.out()).doesNotContain("previous run");
        Matcher quota = Pattern.compile("quota (\\d+) pairs").matcher(learned.out());
        assertThat(quota.find()).isTrue();
        long[] cst = cstRow(learned.out());
        assertThat(cst[0]).isEqualTo(Math.round(Long.parseLong(quota.group(1)) * cstPerRecord));
        assertThat(outPerCall).as("the loopback server reports usage").isPositive();
        assertThat((double) cst[2]).isCloseTo(cst[0] * outPerCall, org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void anUnknownSplitModeIsBadUsageNamingTheValue() {
        CliRun run = CliRun.of("generate", "--input", CliRun.SAMPLES.toString(), "--output",
                dir.resolve("o.jsonl").toString(), "--split", "halves", "--dry-run");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'halves'");
    }

    private static long[] cstRow(String table) {
        Matcher m = CST_ROW.matcher(table);
        assertThat(m.find()).as(table).isTrue();
        return new long[] {parse(m.group(1)), parse(m.group(2)), parse(m.group(3))};
    }

    private static long parse(String number) {
        return Long.parseLong(number.replace(",", ""));
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ");
    }
}
