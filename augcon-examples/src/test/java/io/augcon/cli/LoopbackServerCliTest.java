package io.augcon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.augcon.api.Language;
import io.augcon.core.text.RougeL;
import io.augcon.core.text.Tokenizer;
import io.augcon.testkit.LoopbackOpenAiServer;
import io.augcon.testkit.ScriptedLlm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI end to end against a loopback server that speaks the OpenAI chat-completions API and
 * checks the API key. The key reaches the CLI the way it does for users: through an environment
 * variable, {@code AUGCON_TEST_KEY}, which the module's surefire configuration sets.
 */
class LoopbackServerCliTest {
    static final String KEY_ENV = "AUGCON_TEST_KEY";

    @TempDir
    Path dir;

    private LoopbackOpenAiServer server;

    @BeforeEach
    void start() throws Exception {
        String key = System.getenv(KEY_ENV);
        assertThat(key).as("surefire sets " + KEY_ENV).isNotBlank();
        server = LoopbackOpenAiServer.builder().apiKey(key).model("loopback-7b").handler(ScriptedLlm.immediate()).build();
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CliRun generate(Path output, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("generate", "--input", CliRun.SAMPLES.toString(),
                "--output", output.toString(), "--base-url", server.baseUrl(), "--model", "loopback-7b",
                "--api-key-env", KEY_ENV, "--concurrency", "6", "--work-dir", dir.resolve("work").toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void aRunAgainstAnOpenAiServerWritesCompleteRecordsWithinQuotaAndWithoutNearDuplicates() throws Exception {
        Path output = dir.resolve("sft.jsonl");
        CliRun run = generate(output);

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<JsonNode> records = CliRun.records(output);
        assertThat(records).hasSizeGreaterThan(50);
        for (JsonNode r : records) {
            assertThat(r.fieldNames()).toIterable().containsAll(OfflineCliTest.AUGCON_FIELDS);
            assertThat(r.get("model").asText()).isNotEqualTo("offline").isNotBlank();
            assertThat(r.get("query").asText()).isNotBlank();
            assertThat(r.get("response").asText()).isNotBlank();
            assertThat(r.get("root_end").asInt()).isGreaterThan(r.get("root_start").asInt());
        }
        assertThat(records.stream().map(r -> r.get("language").asText()).distinct()).containsExactlyInAnyOrder("en", "zh");

        Map<String, List<JsonNode>> byRoot = records.stream().collect(Collectors.groupingBy(r -> r.get("root_id").asText()));
        long deepRoots = byRoot.values().stream()
                .filter(rs -> rs.stream().map(r -> r.get("depth").asInt()).collect(Collectors.toSet()).size() >= 3)
                .count();
        assertThat(deepRoots).as("roots with records at three or more depths").isGreaterThan(byRoot.size() / 2);
        for (List<JsonNode> root : byRoot.values()) {
            int quota = (root.get(0).get("root_end").asInt() - root.get(0).get("root_start").asInt()) / 35;
            assertThat(root.size()).as("records of root %s", root.get(0).get("root_id")).isLessThanOrEqualTo(quota);
            Language lang = Language.fromCode(root.get(0).get("language").asText());
            for (int i = 0; i < root.size(); i++) {
                for (int j = 0; j < i; j++) {
                    String a = root.get(i).get("query").asText();
                    String b = root.get(j).get("query").asText();
                    double precision = RougeL.score(Tokenizer.tokens(a, lang), Tokenizer.tokens(b, lang)).precision();
                    assertThat(precision).as("%s / %s", a, b).isLessThan(0.7);
                }
            }
        }
        assertThat(server.maxInFlight()).isBetween(2, 6);
        assertThat(run.err()).contains("LLM calls").contains("records");
        assertThat(run.err()).contains("wrote " + records.size() + " records to " + output);
    }

    @Test
    void aRerunWithTheSameWorkDirReplaysTheAnswersWithoutAskingTheServer() throws Exception {
        Path first = dir.resolve("first.jsonl");
        Path second = dir.resolve("second.jsonl");
        assertThat(generate(first).exitCode()).isZero();
        int asked = server.requestCount();
        CliRun again = generate(second);
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(server.requestCount()).isEqualTo(asked);
        assertThat(Files.readString(second, StandardCharsets.UTF_8)).isEqualTo(Files.readString(first, StandardCharsets.UTF_8));
        assertThat(again.err()).contains("replayed");
    }

    @Test
    void aWrongKeyFailsTheRunWithTheStatusAndWithoutShowingAnyKey() throws Exception {
        CliRun run = CliRun.of("generate", "--input", CliRun.SAMPLES.resolve("en").toString(),
                "--output", dir.resolve("o.jsonl").toString(), "--base-url", server.baseUrl(),
                "--api-key-env", "AUGCON_TEST_NO_SUCH_VARIABLE");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("401");
        assertThat(run.err() + run.out()).doesNotContain(System.getenv(KEY_ENV));
        assertThat(Set.of(run.err().split("\n"))).anySatisfy(line -> assertThat(line).startsWith("augcon: run failed"));
    }
}
