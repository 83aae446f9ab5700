package io.augcon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.augcon.api.ChatMessage;
import io.augcon.api.LlmRequest;
import io.augcon.testkit.LoopbackOpenAiServer;
import io.augcon.testkit.PreferredDemonstration;
import io.augcon.testkit.ScriptedLlm;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The answering step through the CLI, against the loopback OpenAI server: the demonstration
 * search picks the seed example the server's scripted judge prefers, and every record names it.
 */
class ResponsesCliTest {
    /** Five human-written examples; the server's script answers well only when "kettle" demonstrates. */
    static final String SEEDS = String.join("\n",
            "{\"id\": \"ferry\", \"context\": \"The island ferry leaves the north pier every two hours from seven in the morning. The last boat back departs at nine in the evening. Bicycles ride free, but cars need a booking.\", \"question\": \"Do I need to book to take my bike on the ferry?\", \"answer\": \"No. Bicycles travel free and need no booking; only cars have to be booked.\"}",
            "{\"id\": \"compost\", \"context\": \"A compost heap needs both green material, such as grass cuttings and vegetable scraps, and brown material, such as dry leaves and cardboard. Turning the heap every week or two lets air in, which speeds up decay and keeps the smell down.\", \"question\": \"Why should a compost heap be turned?\", \"answer\": \"Turning it lets air into the heap, which makes the material break down faster and keeps it from smelling.\"}",
            "{\"id\": \"kettle\", \"context\": \"Limescale builds up inside a kettle in hard-water areas. Filling it with equal parts water and white vinegar, boiling it and leaving it for an hour loosens the scale. Rinse it several times before making tea again.\", \"question\": \"How can I remove limescale from a kettle?\", \"answer\": \"Fill it with half water and half white vinegar, boil it, leave it for an hour, then rinse it well a few times before using it again.\"}",
            "{\"id\": \"choir\", \"context\": \"The town choir rehearses on Tuesday evenings in the school hall. New singers are welcome at any time of year and do not need to read music. The choir gives two concerts a year, one in June and one in December.\", \"question\": \"Do I have to read music to join the choir?\", \"answer\": \"No, you don't need to read music; new singers are welcome to join at any time of year.\"}",
            "{\"id\": \"sourdough\", \"context\": \"A sourdough starter is fed with equal weights of flour and water. Kept at room temperature it needs feeding daily; in the fridge, once a week is enough. Bubbles and a sour smell show that it is active.\", \"question\": \"How often does a starter kept in the fridge need feeding?\", \"answer\": \"About once a week is enough when it is kept in the fridge.\"}") + "\n";
    static final String PREFERRED_ANSWER = "Fill it with half water and half white vinegar, boil it, leave it for an hour, then rinse it well a few times before using it again.";

    @TempDir
    Path dir;

    private LoopbackOpenAiServer server;

    private ScriptedLlm serve(ScriptedLlm handler) {
        server = LoopbackOpenAiServer.builder().apiKey(System.getenv(LoopbackServerCliTest.KEY_ENV)).model("loopback-7b")
                .handler(handler).build();
        server.start();
        return handler;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** The first four paragraphs of a sample document: enough roots for the test, quick to grow. */
    private Path input() throws Exception {
        String text = Files.readString(CliRun.SAMPLES.resolve("en/bicycle-gears.md"), StandardCharsets.UTF_8);
        String[] paragraphs = text.split("\n\n");
        return Files.writeString(dir.resolve("gears.md"), String.join("\n\n", List.of(paragraphs).subList(0, 5)));
    }

    private CliRun generate(Path output, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("generate", "--input", input().toString(),
                "--output", output.toString(), "--base-url", server.baseUrl(), "--model", "loopback-7b",
                "--api-key-env", LoopbackServerCliTest.KEY_ENV, "--concurrency", "6", "--words-per-pair", "12"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void theSearchChoosesThePreferredSeedAndEveryRecordNamesTheChosenDemonstrations() throws Exception {
        serve(ScriptedLlm.answering(PreferredDemonstration.script(PREFERRED_ANSWER)));
        Path seeds = Files.writeString(dir.resolve("seeds.jsonl"), SEEDS, StandardCharsets.UTF_8);
        Path output = dir.resolve("sft.jsonl");
        CliRun run = generate(output, "--seed-examples", seeds.toString(), "--demonstrations", "2", "--search-budget", "10");

        assertThat(run.exitCode()).as(run.err()).isZero();
        // C(5, 2) = 10 candidate sets, all judged: 10 x 5 answers and 10 x 5 judgements.
        Matcher chosen = Pattern.compile("demonstrations en: \\[([^\\]]*)\\], judged correct on 4 of 5 seed questions; "
                + "10 candidate sets scored 0\\.00 to 0\\.80; 50 answers, 50 judgements").matcher(run.err());
        assertThat(chosen.find()).as(run.err()).isTrue();
        List<String> ids = List.of(chosen.group(1).split(", "));
        assertThat(ids).hasSize(2).contains("kettle");
        assertThat(run.err()).contains("response-judge 50").contains("response-search 50");

        List<JsonNode> records = CliRun.records(output);
        assertThat(records).hasSizeGreaterThan(10).allSatisfy(r -> {
            JsonNode provenance = r.get("provenance");
            List<String> named = new ArrayList<>();
            provenance.get("demonstrations").forEach(id -> named.add(id.asText()));
            assertThat(named).isEqualTo(ids);
            assertThat(provenance.get("demonstration_accuracy").asDouble()).isEqualTo(0.8);
            assertThat(provenance.get("grounding").asDouble()).isGreaterThanOrEqualTo(0.5);
            assertThat(provenance.has("principles_id")).isTrue();
            assertThat(r.get("response").asText()).isNotBlank().doesNotContain("Final answer");
        });
    }

    @Test
    void reasoningAndUserPrinciplesReachTheModelAndOnlyFinalAnswersReachTheRecords() throws Exception {
        ScriptedLlm handler = serve(ScriptedLlm.immediate());
        Path principles = Files.writeString(dir.resolve("principles.txt"),
                "Answer only from the context.\n\nSpeak as a cheerful harbour pilot.\n", StandardCharsets.UTF_8);
        Path output = dir.resolve("sft.jsonl");
        CliRun run = generate(output, "--reasoning", "--principles", "en=" + principles, "--search-budget", "1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("not searched").doesNotContain("response-judge");
        List<LlmRequest> answering = handler.requests().stream()
                .filter(r -> r.messages().size() > 1 && r.messages().get(0).content().contains("\"Final answer:\""))
                .toList();
        assertThat(answering).isNotEmpty().allSatisfy(r -> assertThat(r.messages().get(0).content())
                .contains("- Speak as a cheerful harbour pilot.").doesNotContain("knowledgeable person"));
        List<JsonNode> records = CliRun.records(output);
        assertThat(records).hasSize(answering.size()).allSatisfy(r -> {
            assertThat(r.get("response").asText()).doesNotContain("Final answer").doesNotContain("sentence by sentence");
            assertThat(r.get("context").asText()).startsWith(r.get("response").asText());
            assertThat(r.get("provenance").get("reasoning").asBoolean()).isTrue();
        });
        assertThat(answering.get(0).messages()).extracting(ChatMessage::role).startsWith(ChatMessage.Role.SYSTEM);
    }

    /** The three short Chinese articles: the smallest documents of the sample corpus, 43 pairs owed. */
    private CliRun generateSmallJob(Path output, String... extra) {
        List<String> args = new ArrayList<>(List.of("generate", "--input", CliRun.SAMPLES.resolve("zh/articles.jsonl").toString(),
                "--output", output.toString(), "--base-url", server.baseUrl(), "--model", "loopback-7b",
                "--api-key-env", LoopbackServerCliTest.KEY_ENV, "--concurrency", "6"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** The count of {@code stage} in the summary's "LLM calls" line, 0 when absent; {@code total} for all. */
    private static long calls(String err, String stage) {
        Matcher line = Pattern.compile("LLM calls (\\d+) \\(([^)]*)\\)").matcher(err);
        assertThat(line.find()).as(err).isTrue();
        if (stage.equals("total")) {
            return Long.parseLong(line.group(1));
        }
        Matcher count = Pattern.compile("(?:^|, )" + Pattern.quote(stage) + " (\\d+)").matcher(line.group(2));
        return count.find() ? Long.parseLong(count.group(1)) : 0;
    }

    @Test
    void onASmallJobTheAutomaticSearchTakesAtMostAFifthOfTheCallsAndTheSummarySaysSo() throws Exception {
        serve(ScriptedLlm.immediate());
        CliRun run = generateSmallJob(dir.resolve("sft.jsonl"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        // floor(5 x 43 / (16 x 6)) = 2 candidate sets of the six bundled seeds: 12 answers, 12 judgements.
        assertThat(run.err()).contains("quota 43 pairs")
                .contains("12 answers, 12 judgements; search scaled from 8 candidate sets to 2 for a small job of 43 pairs");
        long search = calls(run.err(), "response-search") + calls(run.err(), "response-judge");
        assertThat(search).isEqualTo(24);
        assertThat((double) search).as(run.err()).isLessThanOrEqualTo(0.2 * calls(run.err(), "total"));
    }

    @Test
    void aGivenSearchBudgetKeepsItsValueOnTheSameSmallJob() throws Exception {
        serve(ScriptedLlm.immediate());
        CliRun run = generateSmallJob(dir.resolve("sft.jsonl"), "--search-budget", "8");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("8 candidate sets scored").doesNotContain("scaled");
        assertThat(calls(run.err(), "response-search")).isEqualTo(8 * 6);
        assertThat(calls(run.err(), "response-judge")).isEqualTo(8 * 6);
    }

    @Test
    void theDryRunEstimatesTheSearchWithTheBudgetTheRunWouldUse() {
        String small = CliRun.SAMPLES.resolve("zh/articles.jsonl").toString();
        String output = dir.resolve("never.jsonl").toString();
        CliRun automatic = CliRun.of("generate", "--input", small, "--output", output, "--base-url", "http://127.0.0.1:9/v1",
                "--dry-run");
        CliRun given = CliRun.of("generate", "--input", small, "--output", output, "--base-url", "http://127.0.0.1:9/v1",
                "--dry-run", "--search-budget", "8");

        assertThat(automatic.exitCode()).as(automatic.err()).isZero();
        assertThat(automatic.out()).containsPattern("response-search +12 ");
        assertThat(given.out()).containsPattern("response-search +48 ");
    }

    @Test
    void badResponseOptionsAreBadUsageNamingTheOption() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.txt"), "\n  \n", StandardCharsets.UTF_8);
        String[][] cases = {
            {"--grounding-floor", "1.5", "--grounding-floor must be in [0, 1]"},
            {"--below-floor", "maybe", "--below-floor must be keep or drop"},
            {"--search-budget", "-1", "--search-budget must be >= 0"},
            {"--demonstrations", "-1", "--demonstrations must be >= 0"},
            {"--principles", dir.resolve("missing.txt").toString(), "--principles: no such file"},
            {"--principles", "zh=" + empty, "holds no principle"},
        };
        for (String[] c : cases) {
            CliRun run = CliRun.of("generate", "--input", CliRun.SAMPLES.resolve("en").toString(),
                    "--output", dir.resolve("o.jsonl").toString(), c[0], c[1]);
            assertThat(run.exitCode()).as(String.join(" ", c)).isEqualTo(2);
            assertThat(run.err()).contains(c[2]);
        }
    }

    @Test
    void theReadmesResponsesSnippetCompiles() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        Matcher snippet = Pattern.compile("<!-- snippet: ResponsesSetup[^>]*-->\\s*```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(snippet.find()).as("README.md has the ResponsesSetup snippet").isTrue();
        Path source = Files.writeString(Files.createDirectories(dir.resolve("src")).resolve("ResponsesSetup.java"), snippet.group(1));
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        // -Xlint:-path: opennlp-tools' manifest names a Class-Path jar beside it that a Maven repository does not hold.
        int status = ToolProvider.getSystemJavaCompiler().run(null, diagnostics, diagnostics,
                "-classpath", System.getProperty("java.class.path"), "-d", dir.resolve("classes").toString(),
                "-Xlint:all", "-Xlint:-path", "-Werror", source.toString());
        assertThat(status).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();
    }
}
