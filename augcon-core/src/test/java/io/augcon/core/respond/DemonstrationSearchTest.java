package io.augcon.core.respond;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.api.ChatMessage;
import io.augcon.api.Language;
import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.core.event.SearchReport;
import io.augcon.core.internal.stage.Reask;
import io.augcon.core.llm.StructuredOutput;
import io.augcon.testkit.PreferredDemonstration;
import io.augcon.testkit.ScriptedAnswers;
import io.augcon.testkit.ScriptedLlm;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DemonstrationSearchTest {
    private static final List<SeedExample> EN = SeedExample.defaults(Language.EN);
    private static final List<SeedExample> ZH = SeedExample.defaults(Language.ZH);

    private static SearchReport search(ScriptedLlm llm, List<SeedExample> seeds, int size, int budget) {
        return search(llm, seeds, size, budget, StructuredOutput.off());
    }

    private static SearchReport search(ScriptedLlm llm, List<SeedExample> seeds, int size, int budget,
            StructuredOutput structured) {
        Answerer answerer = new Answerer(llm, Answerer.prompts(Map.of(), Map.of(), false), 0.2, 512, 2);
        return new DemonstrationSearch(answerer, size, 2, structured)
                .run(seeds.get(0).language(), seeds, 42, new SearchReport.Budget(budget, budget, 0)).join();
    }

    /** The preferring script, with its judgements as the judge's JSON object in a code fence when asked under a schema. */
    private static LlmResponse jsonJudge(LlmRequest request, SeedExample preferred) {
        LlmResponse text = PreferredDemonstration.script(preferred.answer()).apply(request);
        if (request.responseSchema() == null) {
            return text;
        }
        boolean correct = JudgePrompt.verdict(text.text()).orElseThrow();
        return ScriptedLlm.reply(request, "```json\n{\"correct\": " + correct + "}\n```");
    }

    @Test
    void underTheJudgesSchemaTheSearchChoosesAsInTextAndEveryJudgementCarriesIt() {
        List<SeedExample> seeds = EN.subList(0, 5);
        SeedExample preferred = seeds.get(3);
        SearchReport text = search(ScriptedLlm.answering(PreferredDemonstration.script(preferred.answer())), seeds, 2, 10);
        ScriptedLlm llm = ScriptedLlm.answering(r -> jsonJudge(r, preferred));
        List<Throwable> refusals = new java.util.ArrayList<>();

        SearchReport json = search(llm, seeds, 2, 10, StructuredOutput.on(refusals::add));

        assertThat(json).isEqualTo(text);
        assertThat(refusals).isEmpty();
        List<LlmRequest> judgements = stage(llm, DemonstrationSearch.JUDGE_STAGE);
        assertThat(judgements).isNotEmpty().allSatisfy(r -> {
            assertThat(r.responseSchema()).isEqualTo(JudgePrompt.SCHEMA);
            assertThat(r.messages().get(0).content()).contains("{\"correct\": true}").doesNotContain("one word");
        });
        assertThat(stage(llm, DemonstrationSearch.ANSWER_STAGE)).allMatch(r -> r.responseSchema() == null);
    }

    @Test
    void aServerThatRefusesTheJudgesSchemaFallsBackOnceToTheTextJudgement() {
        List<SeedExample> seeds = EN.subList(0, 5);
        SeedExample preferred = seeds.get(3);
        Function<LlmRequest, LlmResponse> script = PreferredDemonstration.script(preferred.answer());
        SearchReport text = search(ScriptedLlm.answering(script), seeds, 2, 10);
        ScriptedLlm llm = ScriptedLlm.answering(r -> {
            if (r.responseSchema() != null) {
                throw LlmException.forStatus(400, "HTTP 400: 'response_format' of type 'json_schema' is not supported");
            }
            return script.apply(r);
        });
        List<Throwable> refusals = new java.util.ArrayList<>();

        SearchReport json = search(llm, seeds, 2, 10, StructuredOutput.on(refusals::add));

        assertThat(refusals).hasSize(1);
        assertThat(json.candidates()).isEqualTo(text.candidates());
        assertThat(json.chosen()).isEqualTo(text.chosen());
        // The script answers at once, so only the first judgement went out under the schema and was refused.
        assertThat(json.calls().judgements()).isEqualTo(text.calls().judgements() + 1);
        assertThat(llm.requests()).filteredOn(r -> r.responseSchema() != null).hasSize(1);
    }

    @Test
    void aJsonVerdictIsReadFencedOrPaddedAndAnythingElseIsUnreadable() {
        assertThat(JudgePrompt.verdictJson("{\"correct\": true}")).contains(true);
        assertThat(JudgePrompt.verdictJson("```json\n{\"correct\": false}\n```")).contains(false);
        assertThat(JudgePrompt.verdictJson("  \n{\"correct\": true}\n ")).contains(true);
        assertThat(JudgePrompt.verdictJson("{\"correct\": \"yes\"}")).isEmpty();
        assertThat(JudgePrompt.verdictJson("Yes.")).isEmpty();
        assertThat(JudgePrompt.verdictJson("{}")).isEmpty();
    }

    private static List<LlmRequest> stage(ScriptedLlm llm, String stage) {
        return llm.requests().stream().filter(r -> r.stage().equals(stage)).toList();
    }

    @Test
    void theSearchChoosesTheSetTheJudgePrefers() {
        List<SeedExample> seeds = EN.subList(0, 5);
        SeedExample preferred = seeds.get(3);
        ScriptedLlm llm = ScriptedLlm.answering(PreferredDemonstration.script(preferred.answer()));
        SearchReport report = search(llm, seeds, 2, 10);

        // C(5, 2) = 10 sets, all judged. A set holding the preferred seed answers the four other
        // seed questions well; its own question is asked without it (leave one out), so 4 of 5.
        assertThat(report.candidates()).hasSize(10);
        assertThat(report.chosenIds()).contains(preferred.id());
        assertThat(report.choice().correct()).isEqualTo(4);
        for (SearchReport.Candidate candidate : report.candidates()) {
            assertThat(candidate.judged()).isEqualTo(5);
            assertThat(candidate.correct()).as("%s", candidate.ids()).isEqualTo(candidate.ids().contains(preferred.id()) ? 4 : 0);
        }
        assertThat(report.chosen()).as("the earliest of the equally good sets").isEqualTo(
                report.candidates().indexOf(report.candidates().stream().filter(c -> c.correct() == 4).findFirst().orElseThrow()));
        assertThat(report.describe()).contains("judged correct on 4 of 5").contains("10 candidate sets scored 0.00 to 0.80");
    }

    @Test
    void theSearchWorksInChineseToo() {
        ScriptedLlm llm = ScriptedLlm.answering(PreferredDemonstration.script(ZH.get(4).answer()));
        SearchReport report = search(llm, ZH, 3, 8);
        assertThat(report.language()).isEqualTo(Language.ZH);
        assertThat(report.chosenIds()).contains(ZH.get(4).id());
        assertThat(report.choice().accuracy()).isEqualTo(5.0 / 6);
    }

    @Test
    void noSeedQuestionIsEverAnsweredWithItsOwnExampleAsADemonstration() {
        ScriptedLlm llm = ScriptedLlm.immediate();
        SearchReport report = search(llm, EN, 3, 8);
        List<LlmRequest> answers = stage(llm, DemonstrationSearch.ANSWER_STAGE);
        assertThat(answers).hasSize(8 * 6);
        Set<String> asked = new HashSet<>();
        for (LlmRequest request : answers) {
            List<ChatMessage> messages = request.messages();
            String question = messages.get(messages.size() - 1).content();
            List<String> demoTurns = messages.subList(1, messages.size() - 1).stream()
                    .filter(m -> m.role() == ChatMessage.Role.USER).map(ChatMessage::content).toList();
            assertThat(demoTurns).doesNotContain(question);
            assertThat(demoTurns.size()).isBetween(2, 3);
            asked.add(question);
        }
        assertThat(asked).hasSize(6);
        // Each candidate of three asks the three seeds it holds with the other two only.
        long withTwo = answers.stream().filter(r -> r.messages().size() == 1 + 2 * 2 + 1).count();
        assertThat(withTwo).isEqualTo(8 * 3);
        assertThat(report.candidates()).allSatisfy(c -> assertThat(c.ids()).hasSize(3));
    }

    @Test
    void theReportCountsOneAnswerAndOneJudgementPerCandidateAndSeed() {
        ScriptedLlm llm = ScriptedLlm.immediate();
        SearchReport report = search(llm, EN, 3, 8);
        assertThat(report.calls()).isEqualTo(new SearchReport.Calls(48, 48, 0, 0, 0));
        assertThat(stage(llm, DemonstrationSearch.JUDGE_STAGE)).hasSize(48)
                .allSatisfy(r -> assertThat(r.temperature()).isZero())
                .allSatisfy(r -> assertThat(r.priority()).isEqualTo(DemonstrationSearch.PRIORITY));
        assertThat(llm.requests()).hasSize(96);
    }

    @Test
    void anUnreadableVerdictIsAskedAgainWithAnotherSeed() {
        Set<Long> reaskSeeds = ConcurrentHashMap.newKeySet();
        ScriptedLlm llm = ScriptedLlm.answering(request -> {
            String turn = request.messages().get(request.messages().size() - 1).content();
            if (turn.contains("Predicted answer:") && !reaskSeeds.contains(request.seed())) {
                reaskSeeds.add(Reask.attemptSeed(request.seed(), 1));
                return LlmResponse.of("Hmm, hard to say.");
            }
            return ScriptedAnswers.answer(request);
        });
        SearchReport report = search(llm, EN, 3, 8);
        assertThat(report.calls().judgements()).isEqualTo(2 * 48);
        assertThat(report.calls().unreadableVerdicts()).isZero();
        List<LlmRequest> judgements = stage(llm, DemonstrationSearch.JUDGE_STAGE);
        Set<Long> seeds = judgements.stream().map(LlmRequest::seed).collect(Collectors.toSet());
        assertThat(seeds).hasSize(2 * 48);
    }

    @Test
    void aVerdictThatStaysUnreadableCountsAsNo() {
        ScriptedLlm llm = ScriptedLlm.answering(request -> {
            String turn = request.messages().get(request.messages().size() - 1).content();
            return turn.contains("Predicted answer:") ? LlmResponse.of("Banana") : ScriptedAnswers.answer(request);
        });
        SearchReport report = search(llm, EN, 3, 8);
        assertThat(report.candidates()).allSatisfy(c -> assertThat(c.correct()).isZero());
        assertThat(report.chosen()).isZero();
        assertThat(report.calls().unreadableVerdicts()).isEqualTo(48);
        assertThat(report.calls().judgements()).isEqualTo(96);
        assertThat(report.describe()).contains("48 unreadable verdicts");
    }

    @Test
    void aFailedAnswerCountsAsWrongButARefusedKeyFailsTheSearch() {
        Function<LlmRequest, LlmResponse> timeouts = request -> {
            String turn = request.messages().get(request.messages().size() - 1).content();
            if (turn.startsWith("Context: " + EN.get(0).context())) {
                throw new LlmException(LlmException.Kind.TIMEOUT, "slow");
            }
            return ScriptedAnswers.answer(request);
        };
        SearchReport report = search(ScriptedLlm.answering(timeouts), EN, 3, 8);
        assertThat(report.calls().failedAnswers()).isEqualTo(8);
        assertThat(report.candidates()).allSatisfy(c -> assertThat(c.judged()).isEqualTo(6));

        ScriptedLlm refused = ScriptedLlm.answering(request -> {
            throw LlmException.forStatus(401, "bad key");
        });
        assertThatThrownBy(() -> search(refused, EN, 3, 8)).rootCause().isInstanceOfSatisfying(LlmException.class,
                e -> assertThat(e.status()).hasValue(401));
    }

    @Test
    void candidatesAreEverySubsetWhenTheBudgetAllowsElseTheFirstSeedsThenDistinctRandomOnes() {
        assertThat(DemonstrationSearch.candidates(5, 2, 10, 1)).hasSize(10);
        assertThat(DemonstrationSearch.candidates(4, 3, 8, 1)).extracting(Arrays::toString)
                .containsExactly("[0, 1, 2]", "[0, 1, 3]", "[0, 2, 3]", "[1, 2, 3]");

        List<int[]> drawn = DemonstrationSearch.candidates(10, 3, 8, 7);
        assertThat(drawn).hasSize(8);
        assertThat(drawn.get(0)).containsExactly(0, 1, 2);
        assertThat(drawn.stream().map(Arrays::toString).distinct()).hasSize(8);
        assertThat(drawn).allSatisfy(set -> assertThat(Arrays.stream(set).boxed().toList()).hasSize(3).isSorted().allMatch(i -> i >= 0 && i < 10));
        assertThat(DemonstrationSearch.candidates(10, 3, 8, 7)).extracting(Arrays::toString)
                .isEqualTo(drawn.stream().map(Arrays::toString).toList());
        assertThat(DemonstrationSearch.candidates(10, 3, 8, 8)).extracting(Arrays::toString)
                .isNotEqualTo(drawn.stream().map(Arrays::toString).toList());
    }

    @Test
    void whenOnlyOneSetIsPossibleNothingIsAsked() {
        ScriptedLlm llm = ScriptedLlm.immediate();
        SearchReport all = search(llm, EN.subList(0, 3), 3, 8);
        SearchReport none = search(llm, EN, 0, 8);
        SearchReport budgetOfOne = search(llm, EN, 3, 1);
        assertThat(llm.requests()).isEmpty();
        assertThat(all.searched()).isFalse();
        assertThat(all.chosenIds()).containsExactly("en-1", "en-2", "en-3");
        assertThat(none.chosenIds()).isEmpty();
        assertThat(budgetOfOne.chosenIds()).containsExactly("en-1", "en-2", "en-3");
        assertThat(budgetOfOne.describe()).contains("not searched");
    }
}
