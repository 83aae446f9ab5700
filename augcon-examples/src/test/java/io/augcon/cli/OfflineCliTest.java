package io.augcon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's main job: the CLI on the bundled sample corpus, offline, with the real embedding model. */
class OfflineCliTest {
    static final Set<String> AUGCON_FIELDS = Set.of("id", "query", "response", "context", "document_id", "root_id",
            "depth", "score", "language", "root_start", "root_end", "model");

    @TempDir
    Path dir;

    @Test
    void theSampleCorpusBecomesRecordsOfBothLanguagesAtSeveralDepths() throws Exception {
        Path output = dir.resolve("sample.jsonl");
        CliRun run = CliRun.of("generate", "--input", CliRun.SAMPLES.toString(), "--output", output.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).as("stdout holds records only with --output -").isEmpty();
        assertThat(run.err()).contains("wrote ").contains(output.toString());
        assertThat(run.err()).contains("documents").contains("records");
        List<JsonNode> records = CliRun.records(output);
        assertThat(records).hasSizeGreaterThan(50);
        assertThat(run.err()).contains("wrote " + records.size() + " records");
        for (JsonNode r : records) {
            assertThat(r.fieldNames()).toIterable().containsAll(AUGCON_FIELDS);
            assertThat(r.get("model").asText()).isEqualTo("offline");
            assertThat(r.get("query").asText()).isNotBlank();
            assertThat(r.get("context").asText()).contains(r.get("response").asText());
        }
        assertThat(records.stream().map(r -> r.get("language").asText()).distinct()).containsExactlyInAnyOrder("en", "zh");
        Map<String, Set<Integer>> depthsByRoot = records.stream().collect(Collectors.groupingBy(
                r -> r.get("root_id").asText(), Collectors.mapping(r -> r.get("depth").asInt(), Collectors.toSet())));
        assertThat(depthsByRoot.values().stream().filter(d -> d.size() >= 3).count())
                .as("roots with records at three or more depths").isGreaterThan(depthsByRoot.size() / 2);
        assertThat(records.stream().map(r -> r.get("id").asText()).distinct().count()).isEqualTo(records.size());
    }

    @Test
    void theSameSeedGivesTheSameFileAndOtherFormatsCarryTheSamePairs() throws Exception {
        Path en = CliRun.SAMPLES.resolve("en");
        Path first = dir.resolve("a.jsonl");
        Path second = dir.resolve("b.jsonl");
        Path alpaca = dir.resolve("c.jsonl");
        assertThat(CliRun.of("generate", "--input", en.toString(), "--output", first.toString(), "--seed", "5").exitCode()).isZero();
        assertThat(CliRun.of("generate", "--input", en.toString(), "--output", second.toString(), "--seed", "5").exitCode()).isZero();
        assertThat(CliRun.of("generate", "--input", en.toString(), "--output", alpaca.toString(), "--seed", "5",
                "--format", "alpaca").exitCode()).isZero();
        assertThat(Files.readString(second, StandardCharsets.UTF_8)).isEqualTo(Files.readString(first, StandardCharsets.UTF_8));
        List<JsonNode> full = CliRun.records(first);
        List<JsonNode> short_ = CliRun.records(alpaca);
        assertThat(short_).hasSameSizeAs(full);
        for (int i = 0; i < full.size(); i++) {
            assertThat(short_.get(i).get("instruction").asText()).isEqualTo(full.get(i).get("query").asText());
            assertThat(short_.get(i).get("output").asText()).isEqualTo(full.get(i).get("response").asText());
        }
    }
}
