package io.augcon.core.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augcon.api.Expansion;
import io.augcon.api.Language;
import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.RootContext;
import io.augcon.api.Split;
import io.augcon.core.llm.StructuredOutput;
import io.augcon.testkit.ScriptedAnswers;
import io.augcon.testkit.ScriptedLlm;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rewrite CST asked and read as JSON under a schema, and the fallback when a server refuses it. */
class StructuredCstTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TEXT = "The Moon pulls the ocean toward it. The Sun adds a smaller pull.";
    private static final RootContext ROOT = new RootContext("d#0", "d", 0, 0, 0, TEXT.length(), TEXT, Language.EN);
    private static final String ZH = "二十四节气是古人划分的时间节点。它最初用来指导农事。";
    private static final RootContext ZH_ROOT = new RootContext("z#0", "z", 0, 0, 0, ZH.length(), ZH, Language.ZH);
    private static final String ANSWER =
            "{\"question\": \"Why are there tides?\", \"context_1\": \"The Moon pulls the ocean toward it.\","
            + " \"context_2\": \"The Sun adds a smaller pull.\"}";

    private final List<LlmException> refusals = new ArrayList<>();

    private CstStep step(ScriptedLlm llm, StructuredOutput structured) {
        return CstStep.builder().backend(llm).structuredOutput(structured).build();
    }

    private static Expansion expand(CstStep step, RootContext root) {
        return step.expand(root.node(0), 7).toCompletableFuture().join();
    }

    @Test
    void theRequestCarriesTheSchemaAndThePromptShowsTheExamplesInTheSameJson() throws Exception {
        ScriptedLlm llm = ScriptedLlm.answering(r -> LlmResponse.of(ANSWER));
        Expansion e = expand(step(llm, StructuredOutput.on(refusals::add)), ROOT);

        assertThat(e.query()).contains("Why are there tides?");
        assertThat(e.split()).contains(new Split("The Moon pulls the ocean toward it.", "The Sun adds a smaller pull."));
        LlmRequest request = llm.requests().get(0);
        JsonNode schema = JSON.readTree(request.responseSchema().json());
        assertThat(schema.path("required")).containsExactly(
                JSON.valueToTree("question"), JSON.valueToTree("context_1"), JSON.valueToTree("context_2"));
        assertThat(request.stop()).isEmpty();
        assertThat(request.prompt()).endsWith("Context: " + TEXT).doesNotContain("exactly three lines");
        CstPrompt.Example first = CstPrompt.defaultExamples(Language.EN).get(0);
        assertThat(request.prompt()).contains("Context: " + first.context() + "\n"
                + CstJson.rewriteExample(first.question(), first.context1(), first.context2()) + "\n\n");
    }

    @Test
    void withStructuredOutputOffTheRequestIsTheTextLayoutOne() {
        ScriptedLlm text = ScriptedLlm.immediate();
        ScriptedLlm off = ScriptedLlm.immediate();
        expand(CstStep.builder().backend(text).build(), ROOT);
        expand(step(off, StructuredOutput.off()), ROOT);

        assertThat(off.requests()).isEqualTo(text.requests());
        assertThat(off.requests().get(0).responseSchema()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "```json\n%s\n```",
        "```\n%s\n```",
        "\n\n   %s   \n",
        "%s",
    })
    void fencedOrPaddedJsonIsRead(String layout) {
        ParsedCst parsed = CstJson.parseRewrite(layout.formatted(ANSWER));
        assertThat(parsed).isEqualTo(new ParsedCst("Why are there tides?",
                "The Moon pulls the ocean toward it.", "The Sun adds a smaller pull."));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"question\": \"Why are there tides?\", \"context_1\": \"%s\", \"context_2\": \"\"}",
        "{\"question\": \"Why are there tides?\", \"context_1\": \"%s\"}",
        "{\"question\": \"Why are there tides?\", \"context_1\": \"%s\", \"context_2\": \"N/A\"}",
        "{\"question\": \"Why are there tides?\", \"context_1\": \"%s\", \"context_2\": null}",
    })
    void aLostSplitKeepsTheQuestionAndEndsTheBranchWithNoReask(String answer) {
        ScriptedLlm llm = ScriptedLlm.answering(r -> LlmResponse.of(answer.formatted(TEXT)));
        Expansion e = expand(step(llm, StructuredOutput.on(refusals::add)), ROOT);

        assertThat(e.query()).contains("Why are there tides?");
        assertThat(e.split()).contains(new Split(TEXT, ""));
        assertThat(e.failedAttempts()).isZero();
        assertThat(llm.requests()).hasSize(1);
    }

    @Test
    void aChineseAnswerWithAPlaceholderSecondContextKeepsItsQuestion() {
        ScriptedLlm llm = ScriptedLlm.answering(r -> LlmResponse.of(
                "```json\n{\"question\": \"二十四节气有什么用？\", \"context_1\": \"" + ZH + "\", \"context_2\": \"无\"}\n```"));
        Expansion e = expand(step(llm, StructuredOutput.on(refusals::add)), ZH_ROOT);

        assertThat(e.query()).contains("二十四节气有什么用？");
        assertThat(e.split()).contains(new Split(ZH, ""));
        assertThat(llm.requests().get(0).prompt()).endsWith("上下文：" + ZH).contains("JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Question: Why?", "[\"Why?\"]", "{\"question\": \"\"}", "{\"question\": \"N/A\"}",
        "{\"context_1\": \"a\", \"context_2\": \"b\"}", "{\"question\": 3}"})
    void anAnswerWithNoUsableQuestionIsRefused(String answer) {
        assertThatThrownBy(() -> CstJson.parseRewrite(answer)).isInstanceOf(CstParseException.class);
    }

    @Test
    void aServerThatRefusesTheSchemaIsReportedOnceAndEveryNodeIsAskedInTheTextLayout() {
        ScriptedLlm llm = ScriptedLlm.answering(r -> {
            if (r.responseSchema() != null) {
                throw LlmException.forStatus(400, "HTTP 400: Unrecognized request argument supplied: response_format");
            }
            return ScriptedAnswers.answer(r);
        });
        ScriptedLlm text = ScriptedLlm.immediate();
        CstStep step = step(llm, StructuredOutput.on(refusals::add));

        Expansion first = expand(step, ROOT);
        Expansion second = expand(step, ZH_ROOT);

        assertThat(refusals).hasSize(1);
        assertThat(first).isEqualTo(expand(CstStep.builder().backend(text).build(), ROOT));
        assertThat(second).isEqualTo(expand(CstStep.builder().backend(text).build(), ZH_ROOT));
        // One refused request, then text only: the second node never asks for the schema.
        assertThat(llm.requests()).extracting(LlmRequest::responseSchema).containsExactly(CstJson.REWRITE, null, null);
        assertThat(llm.requests().subList(1, 3)).isEqualTo(text.requests());
    }

    @Test
    void aFailureThatIsNotARefusalFailsTheNodeAndKeepsStructuredOutputOn() {
        ScriptedLlm llm = ScriptedLlm.answering(r -> {
            throw LlmException.forStatus(400, "HTTP 400: messages must not be empty");
        });
        StructuredOutput structured = StructuredOutput.on(refusals::add);

        assertThatThrownBy(() -> expand(step(llm, structured), ROOT)).hasRootCauseInstanceOf(LlmException.class);
        assertThat(structured.active()).isTrue();
        assertThat(refusals).isEmpty();
        assertThat(llm.requests()).hasSize(1);
    }

    @Test
    void aNumberedRequestCarriesItsSchemaAndTheAnswerIsReadAsJson() throws Exception {
        ScriptedLlm llm = ScriptedLlm.answering(r -> LlmResponse.of("```json\n{\"question\": \"Why are there tides?\", \"split_after\": 1}\n```"));
        CstStep step = CstStep.builder().backend(llm).splitMode(SplitMode.NUMBERED)
                .structuredOutput(StructuredOutput.on(refusals::add)).build();

        Expansion e = expand(step, ROOT);

        assertThat(e.query()).contains("Why are there tides?");
        assertThat(e.split()).contains(new Split("The Moon pulls the ocean toward it.", "The Sun adds a smaller pull."));
        LlmRequest request = llm.requests().get(0);
        assertThat(request.responseSchema()).isEqualTo(CstJson.NUMBERED);
        assertThat(request.prompt()).endsWith("[1] The Moon pulls the ocean toward it.\n[2] The Sun adds a smaller pull.")
                .contains(CstJson.numberedExample(NumberedCstPrompt.defaultExamples(Language.EN).get(0).question(),
                        NumberedCstPrompt.defaultExamples(Language.EN).get(0).splitAfter()))
                .doesNotContain("Split after:");
    }

    @Test
    void aOneSentenceNumberedNodeIsAskedWithoutSplitAfterAndIsALeafWithItsQuestion() {
        String one = "The Moon pulls the ocean toward it.";
        RootContext root = new RootContext("o#0", "o", 0, 0, 0, one.length(), one, Language.EN);
        ScriptedLlm llm = ScriptedLlm.answering(r -> LlmResponse.of("{\"question\": \"What pulls the ocean?\"}"));
        CstStep step = CstStep.builder().backend(llm).splitMode(SplitMode.NUMBERED)
                .structuredOutput(StructuredOutput.on(refusals::add)).build();

        Expansion e = expand(step, root);

        assertThat(e.query()).contains("What pulls the ocean?");
        assertThat(e.split()).isEmpty();
        assertThat(llm.requests()).hasSize(1);
        assertThat(llm.requests().get(0).responseSchema()).isEqualTo(CstJson.QUESTION_ONLY);
        assertThat(CstJson.QUESTION_ONLY.json()).doesNotContain("split_after");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"question\": \"Why?\"}", "{\"question\": \"Why?\", \"split_after\": 2}",
        "{\"question\": \"Why?\", \"split_after\": 0}", "{\"question\": \"Why?\", \"split_after\": \"one\"}"})
    void aNumberedAnswerWithNoSplitPointInsideKeepsItsQuestion(String answer) {
        assertThat(CstJson.parseNumbered(answer, 2)).isEqualTo(new NumberedCstParser.Parsed("Why?", 2));
    }
}
