package io.augcon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.augcon.testkit.LoopbackOpenAiServer;
import io.augcon.testkit.ScriptedLlm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train-scorer, score, and generate with --train-scorer / --scorer, through the CLI. */
class ScorerCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] GENERIC = {"What is this text about?", "Can you summarise this?", "What does it say?",
            "Is there anything interesting here?"};

    @TempDir
    Path dir;

    /**
     * Pairs from the English sample handbook: each sentence is a context; the positive asks about
     * its own words, the negative is a question that fits any text.
     */
    private List<ObjectNode> pairs() throws Exception {
        String text = Files.readString(CliRun.SAMPLES.resolve("en/harbor-city-library-handbook.txt"), StandardCharsets.UTF_8);
        List<ObjectNode> pairs = new ArrayList<>();
        for (String sentence : text.split("(?<=[.!?])\\s+")) {
            String[] words = sentence.strip().split("\\s+");
            if (words.length < 8 || pairs.size() == 60) {
                continue;
            }
            ObjectNode pair = JSON.createObjectNode();
            pair.put("context", sentence.strip());
            pair.put("positive", "What does the handbook say about " + String.join(" ", words[2], words[3], words[4])
                    .toLowerCase(Locale.ROOT).replaceAll("[^a-z ]", "") + "?");
            pair.put("negative", GENERIC[pairs.size() % GENERIC.length]);
            pairs.add(pair);
        }
        return pairs;
    }

    private static void writeJsonl(Path file, List<? extends JsonNode> lines) throws Exception {
        StringBuilder out = new StringBuilder();
        for (JsonNode line : lines) {
            out.append(JSON.writeValueAsString(line)).append('\n');
        }
        Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
    }

    @Test
    void aScorerTrainedFromAPairsFileScoresGroundedQueriesAboveGenericOnes() throws Exception {
        List<ObjectNode> pairs = pairs();
        assertThat(pairs).hasSizeGreaterThan(30);
        Path pairsFile = dir.resolve("pairs.jsonl");
        writeJsonl(pairsFile, pairs);
        Path model = dir.resolve("scorer.json");

        CliRun train = CliRun.of("train-scorer", "--pairs", pairsFile.toString(), "--output", model.toString(), "--seed", "3");
        assertThat(train.exitCode()).as(train.err()).isZero();
        assertThat(model).exists();
        assertThat(train.out()).contains("trained on " + pairs.size() + " pairs");

        List<ObjectNode> queries = new ArrayList<>();
        for (ObjectNode pair : pairs) {
            queries.add(JSON.createObjectNode().put("context", pair.get("context").asText()).put("query", pair.get("positive").asText()));
            queries.add(JSON.createObjectNode().put("context", pair.get("context").asText()).put("query", pair.get("negative").asText()));
        }
        Path input = dir.resolve("queries.jsonl");
        Path scored = dir.resolve("scored.jsonl");
        writeJsonl(input, queries);
        CliRun score = CliRun.of("score", "--model", model.toString(), "--input", input.toString(), "--output", scored.toString());
        assertThat(score.exitCode()).as(score.err()).isZero();
        List<JsonNode> lines = CliRun.records(scored);
        assertThat(lines).hasSize(queries.size());
        int better = 0;
        for (int i = 0; i < lines.size(); i += 2) {
            assertThat(lines.get(i).get("query").asText()).isEqualTo(queries.get(i).get("query").asText());
            if (lines.get(i).get("score").asDouble() > lines.get(i + 1).get("score").asDouble()) {
                better++;
            }
        }
        assertThat(better).as("pairs ranked right").isGreaterThan(lines.size() / 2 * 9 / 10);
    }

    @Test
    void badPairsModelsAndQueriesAreBadInput() throws Exception {
        Path pairsFile = dir.resolve("bad.jsonl");
        Files.writeString(pairsFile, "{\"context\": \"c\", \"positive\": \"p\", \"negative\": \"n\"}\n{oops\n", StandardCharsets.UTF_8);
        CliRun train = CliRun.of("train-scorer", "--pairs", pairsFile.toString(), "--output", dir.resolve("m.json").toString());
        assertThat(train.exitCode()).isEqualTo(2);
        assertThat(train.err()).contains("bad.jsonl:2");

        Path model = dir.resolve("broken.json");
        Files.writeString(model, "{\"format\": \"something else\"}", StandardCharsets.UTF_8);
        Path input = dir.resolve("q.jsonl");
        Files.writeString(input, "{\"context\": \"c\", \"query\": \"q\"}\n", StandardCharsets.UTF_8);
        CliRun score = CliRun.of("score", "--model", model.toString(), "--input", input.toString(), "--output", dir.resolve("o.jsonl").toString());
        assertThat(score.exitCode()).isEqualTo(2);
        assertThat(score.err()).contains("broken.json");
        CliRun missing = CliRun.of("score", "--model", dir.resolve("none.json").toString(), "--input", input.toString(),
                "--output", dir.resolve("o.jsonl").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("none.json");
    }

    @Test
    void trainingInTheRunNeedsAnLlm() {
        CliRun run = CliRun.of("generate", "--input", CliRun.SAMPLES.resolve("en").toString(), "--output",
                dir.resolve("o.jsonl").toString(), "--train-scorer");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--train-scorer needs --base-url");
    }

    @Test
    void generateTrainsItsScorerRanksWithItSavesItAndALaterRunLoadsIt() throws Exception {
        String key = System.getenv(LoopbackServerCliTest.KEY_ENV);
        try (LoopbackOpenAiServer server = LoopbackOpenAiServer.builder().apiKey(key).handler(ScriptedLlm.immediate()).build()) {
            server.start();
            Path input = CliRun.SAMPLES.resolve("en/bicycle-gears.md");
            Path output = dir.resolve("trained.jsonl");
            Path model = dir.resolve("run-scorer.json");
            CliRun run = CliRun.of("generate", "--input", input.toString(), "--output", output.toString(),
                    "--base-url", server.baseUrl(), "--api-key-env", LoopbackServerCliTest.KEY_ENV,
                    "--train-scorer", "--scorer-pairs-per-kind", "20", "--save-scorer", model.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.err()).contains("trained in this run on").contains("saved the trained scorer");
            assertThat(model).exists();
            List<JsonNode> records = CliRun.records(output);
            assertThat(records).isNotEmpty().allSatisfy(r -> {
                assertThat(r.get("score").isNumber()).isTrue();
                assertThat(r.get("provenance").get("scorer").asText()).startsWith("contrastive/");
            });

            Path again = dir.resolve("loaded.jsonl");
            CliRun loaded = CliRun.of("generate", "--input", input.toString(), "--output", again.toString(),
                    "--base-url", server.baseUrl(), "--api-key-env", LoopbackServerCliTest.KEY_ENV, "--scorer", model.toString());
            assertThat(loaded.exitCode()).as(loaded.err()).isZero();
            assertThat(CliRun.records(again)).isNotEmpty().allSatisfy(r -> assertThat(r.get("score").isNumber()).isTrue());
        }
    }
}
