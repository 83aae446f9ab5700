package io.augcon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.testkit.LoopbackOpenAiServer;
import io.augcon.testkit.ScriptedAnswers;
import io.augcon.testkit.ScriptedLlm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --structured-output against a loopback server that enforces the schema, and one that refuses it. */
class StructuredOutputCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REFUSAL = "the server refused --structured-output";

    @TempDir
    Path dir;

    private final List<LoopbackOpenAiServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(LoopbackOpenAiServer::close);
    }

    private LoopbackOpenAiServer server(Function<LlmRequest, LlmResponse> script) {
        LoopbackOpenAiServer server = LoopbackOpenAiServer.builder().model("loopback-7b")
                .handler(ScriptedLlm.answering(script)).build().start();
        servers.add(server);
        return server;
    }

    private CliRun generate(LoopbackOpenAiServer server, String output, String... extra) throws IOException {
        Path doc = dir.resolve("gears.txt");
        Files.writeString(doc, "A bicycle's gears let the rider keep a comfortable cadence on hills and flats. "
                + "The chain moves between sprockets on the rear hub and chainrings at the pedals. "
                + "A low gear turns the wheel slowly and makes climbing easier. "
                + "A high gear turns it quickly and suits fast, flat roads.\n", StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>(List.of("generate", "--input", doc.toString(),
                "--output", dir.resolve(output).toString(), "--base-url", server.baseUrl(), "--model", "loopback-7b",
                "--concurrency", "4", "--work-dir", dir.resolve("work-" + output).toString(),
                // The judge's requests are under test: the automatic budget would skip the search on one paragraph.
                "--search-budget", "8"));
        args.addAll(List.of(extra));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run;
    }

    private String records(String output) throws IOException {
        return Files.readString(dir.resolve(output), StandardCharsets.UTF_8);
    }

    /** The scripted model's answer as the schema's object, wrapped in a code fence as some models do. */
    private static LlmResponse jsonAnswer(LlmRequest request) {
        if (request.responseSchema().name().equals("judge")) {
            String verdict = ScriptedAnswers.answer(request).text();
            boolean correct = verdict.startsWith("Yes") || verdict.startsWith("是");
            return ScriptedLlm.reply(request, "```json\n{\"correct\": " + correct + "}\n```");
        }
        String context = ScriptedAnswers.targetContext(request.asMessages().get(0).content() + "\nQuestion:");
        String[] lines = ScriptedAnswers.cstAnswer(context, request.seed()).split("\n");
        ObjectNode answer = JSON.createObjectNode()
                .put("question", lines[0].substring("Question: ".length()))
                .put("context_1", lines[1].substring("Context 1: ".length()))
                .put("context_2", lines[2].substring("Context 2: ".length()));
        return ScriptedLlm.reply(request, "```json\n" + answer.toPrettyString() + "\n```");
    }

    @Test
    void cstRequestsCarryTheSchemaAndJsonAnswersGiveTheTextRunsRecords() throws Exception {
        LoopbackOpenAiServer text = server(ScriptedAnswers::answer);
        LoopbackOpenAiServer structured = server(r -> r.responseSchema() != null ? jsonAnswer(r) : ScriptedAnswers.answer(r));

        generate(text, "text.jsonl");
        CliRun run = generate(structured, "json.jsonl", "--structured-output");

        assertThat(run.err()).doesNotContain(REFUSAL);
        assertThat(records("json.jsonl")).isEqualTo(records("text.jsonl"));
        List<JsonNode> cst = new ArrayList<>();
        int judgements = 0;
        for (String body : structured.requestBodies()) {
            JsonNode format = JSON.readTree(body).path("response_format");
            String name = format.path("json_schema").path("name").asText();
            if (name.equals("judge")) {
                judgements++;
            } else if (format.has("json_schema")) {
                cst.add(format);
            }
        }
        long textJudgements = text.requests().stream().filter(r -> r.stage().equals("other")
                && r.messages().size() == 2 && r.messages().get(1).content().contains("Predicted answer:")).count();
        assertThat(judgements).isPositive().isEqualTo((int) textJudgements);
        // One CST request per node, and the text run asked the same number in its own layout.
        long textCst = text.requests().stream().filter(r -> r.asMessages().get(0).content().strip().endsWith("Question:")).count();
        assertThat(cst).hasSize((int) textCst).allSatisfy(format -> {
            assertThat(format.path("type").asText()).isEqualTo("json_schema");
            assertThat(format.path("json_schema").path("name").asText()).isEqualTo("cst_rewrite");
            assertThat(format.path("json_schema").path("strict").asBoolean()).isTrue();
        });
    }

    @Test
    void aServerThatRefusesTheSchemaGivesOneFallbackAndTheTextRunsRecords() throws Exception {
        LoopbackOpenAiServer text = server(ScriptedAnswers::answer);
        LoopbackOpenAiServer refusing = server(r -> {
            if (r.responseSchema() != null) {
                throw LlmException.forStatus(400, "Unrecognized request argument supplied: response_format");
            }
            return ScriptedAnswers.answer(r);
        });

        generate(text, "text.jsonl");
        CliRun run = generate(refusing, "fallback.jsonl", "--structured-output");

        assertThat(run.err().split(REFUSAL, -1)).as(run.err()).hasSize(2);
        assertThat(run.err()).contains("response_format").contains("the server refused JSON schemas, so the text layout was used");
        assertThat(records("fallback.jsonl")).isEqualTo(records("text.jsonl"));
        // Requests made before the first refusal came back were refused too, each asked again in text.
        assertThat(refusing.requests()).anyMatch(r -> r.responseSchema() != null);
    }
}
