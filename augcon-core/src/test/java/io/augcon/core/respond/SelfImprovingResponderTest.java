package io.augcon.core.respond;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.api.CandidateQuery;
import io.augcon.api.ChatMessage;
import io.augcon.api.Language;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.Response;
import io.augcon.api.RootContext;
import io.augcon.core.event.SearchReport;
import io.augcon.testkit.PreferredDemonstration;
import io.augcon.testkit.ScriptedAnswers;
import io.augcon.testkit.ScriptedLlm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class SelfImprovingResponderTest {
    static final String LIBRARY = "The Harbor City library opens at nine on weekdays. "
            + "Late returns cost ten cents a day, up to two dollars per item.";
    static final String TEA = "绿茶不经过发酵，采摘后很快用高温杀青。红茶要经过充分的氧化，滋味醇厚。";
    private static final String OFF_TOPIC = "Penguins huddle together through the Antarctic winter.";

    static CandidateQuery query(String text, String question, int sequence) {
        Language language = text.equals(TEA) ? Language.ZH : Language.EN;
        return new CandidateQuery(question, new RootContext("d#" + sequence, "d", sequence, 0, 0, text.length(), text, language).node(0));
    }

    private static Response answer(SelfImprovingResponder responder, CandidateQuery query) {
        return responder.respond(query, 11).toCompletableFuture().join();
    }

    private static SelfImprovingResponder.Builder responder(ScriptedLlm llm) {
        return SelfImprovingResponder.builder().backend(llm).seed(3);
    }

    /** Answers questions with {@code answer} for the kept query's context, and everything else as the default script. */
    private static ScriptedLlm answeringLibrary(Function<Integer, String> answer) {
        List<Integer> calls = new CopyOnWriteArrayList<>();
        return ScriptedLlm.answering(request -> {
            String turn = request.messages().get(request.messages().size() - 1).content();
            if (turn.startsWith("Context: " + LIBRARY)) {
                calls.add(1);
                return LlmResponse.of(answer.apply(calls.size()));
            }
            return ScriptedAnswers.answer(request);
        });
    }

    @Test
    void answersUseTheChosenDemonstrationsAndNameThemInProvenance() {
        SeedExample preferred = SeedExample.defaults(Language.EN).get(3);
        ScriptedLlm llm = ScriptedLlm.answering(PreferredDemonstration.script(preferred.answer()));
        List<SearchReport> heard = new CopyOnWriteArrayList<>();
        SelfImprovingResponder responder = responder(llm).onSearch(heard::add).build();

        Response response = answer(responder, query(LIBRARY, "When does the library open?", 0));

        SearchReport report = responder.searchReport(Language.EN).orElseThrow();
        assertThat(heard).containsExactly(report);
        assertThat(report.chosenIds()).contains(preferred.id());
        assertThat(response.text()).isEqualTo("The Harbor City library opens at nine on weekdays.");
        assertThat(response.provenance())
                .containsEntry("demonstrations", report.chosenIds())
                .containsEntry("demonstration_accuracy", 0.833)
                .containsEntry("principles_id", responder.prompt(Language.EN).principlesId())
                .containsEntry("response_prompt", responder.prompt(Language.EN).id())
                .containsEntry("reasoning", false)
                .containsEntry("grounding", 1.0)
                .doesNotContainKeys("flags", "regenerated");
        LlmRequest last = llm.requests().get(llm.requests().size() - 1);
        assertThat(last.stage()).isEqualTo("response");
        assertThat(last.messages().stream().filter(m -> m.role() == ChatMessage.Role.ASSISTANT).map(ChatMessage::content))
                .contains(preferred.answer()).hasSize(report.chosenIds().size());
        assertThat(responder.searchReport(Language.ZH)).isEmpty();
    }

    @Test
    void theSearchRunsOncePerLanguageWhileManyAnswersWaitForIt() throws Exception {
        ScriptedLlm llm = ScriptedLlm.immediate();
        List<SearchReport> heard = new CopyOnWriteArrayList<>();
        SelfImprovingResponder responder = responder(llm).onSearch(heard::add).build();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Response>> answers = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                CandidateQuery q = i % 2 == 0 ? query(LIBRARY, "When does it open? " + i, i) : query(TEA, "绿茶发酵吗？" + i, i);
                answers.add(CompletableFuture.supplyAsync(() -> q, pool)
                        .thenCompose(qq -> responder.respond(qq, 5).toCompletableFuture()));
            }
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(heard).extracting(SearchReport::language).containsExactlyInAnyOrder(Language.EN, Language.ZH);
        List<String> stages = llm.requests().stream().map(LlmRequest::stage).toList();
        assertThat(stages.stream().filter("response-search"::equals)).hasSize(2 * 8 * 6);
        assertThat(stages.stream().filter("response-judge"::equals)).hasSize(2 * 8 * 6);
        assertThat(stages.stream().filter("response"::equals)).hasSize(40);
    }

    @Test
    void withReasoningOnlyTheFinalAnswerIsKept() {
        ScriptedLlm llm = ScriptedLlm.immediate();
        SelfImprovingResponder responder = responder(llm).reasoning(true).build();
        Response en = answer(responder, query(LIBRARY, "When does the library open?", 0));
        Response zh = answer(responder, query(TEA, "绿茶要发酵吗？", 1));

        assertThat(en.text()).isEqualTo("The Harbor City library opens at nine on weekdays.");
        assertThat(zh.text()).isEqualTo("绿茶不经过发酵，采摘后很快用高温杀青。");
        assertThat(en.provenance()).containsEntry("reasoning", true);
        LlmRequest request = llm.requests().get(llm.requests().size() - 1);
        assertThat(request.messages().get(0).content()).contains("最终答案");
        assertThat(ScriptedAnswers.answer(request).text()).as("the scripted reply really reasons first").startsWith("问题问的是");
    }

    @Test
    void aReasoningReplyWithoutAFinalAnswerIsAskedAgain() {
        ScriptedLlm llm = answeringLibrary(call -> call == 1
                ? "Let me think: it opens at nine."
                : "It says nine.\nFinal answer: The library opens at nine on weekdays.");
        SelfImprovingResponder responder = responder(llm).reasoning(true).searchBudget(1).build();
        assertThat(answer(responder, query(LIBRARY, "When does it open?", 0)).text())
                .isEqualTo("The library opens at nine on weekdays.");
        assertThat(llm.requests()).hasSize(2);
    }

    @Test
    void anUngroundedAnswerIsRegeneratedOnceAndTheGroundedRegenerationKept() {
        ScriptedLlm llm = answeringLibrary(call -> call == 1 ? OFF_TOPIC : "It opens at nine on weekdays.");
        SelfImprovingResponder responder = responder(llm).searchBudget(1).build();
        Response response = answer(responder, query(LIBRARY, "When does it open?", 0));

        assertThat(response.text()).isEqualTo("It opens at nine on weekdays.");
        assertThat(response.provenance()).containsEntry("regenerated", true).doesNotContainKey("flags");
        assertThat(llm.requests()).extracting(LlmRequest::stage).containsExactly("response", "response-regenerate");
        assertThat(llm.requests().get(1).seed()).isNotEqualTo(llm.requests().get(0).seed());
        assertThat(responder.groundingCounts()).isEqualTo(new SelfImprovingResponder.GroundingCounts(1, 1, 1, 0, 0));
    }

    @Test
    void anAnswerStillUngroundedIsKeptFlaggedByDefault() {
        ScriptedLlm llm = answeringLibrary(call -> call == 1 ? OFF_TOPIC : "Penguins huddle at nine.");
        SelfImprovingResponder responder = responder(llm).searchBudget(1).build();
        Response response = answer(responder, query(LIBRARY, "When does it open?", 0));

        assertThat(response.text()).as("the better grounded of the two").isEqualTo("Penguins huddle at nine.");
        assertThat(response.provenance()).containsEntry("flags", List.of("below_grounding_floor"))
                .containsEntry("grounding", 0.333).containsEntry("regenerated", true);
        assertThat(responder.groundingCounts()).isEqualTo(new SelfImprovingResponder.GroundingCounts(1, 1, 0, 1, 0));
    }

    @Test
    void anAnswerStillUngroundedIsDroppedWhenAskedTo() {
        ScriptedLlm llm = answeringLibrary(call -> OFF_TOPIC);
        SelfImprovingResponder responder = responder(llm).searchBudget(1).belowFloor(BelowFloor.DROP).build();
        assertThatThrownBy(() -> answer(responder, query(LIBRARY, "When does it open?", 0)))
                .hasCauseInstanceOf(UngroundedResponseException.class)
                .hasMessageContaining("grounding 0.00 below the floor 0.50");
        assertThat(responder.groundingCounts().dropped()).isEqualTo(1);
    }

    @Test
    void aFloorOfZeroKeepsEveryAnswerAsItIs() {
        ScriptedLlm llm = answeringLibrary(call -> OFF_TOPIC);
        SelfImprovingResponder responder = responder(llm).searchBudget(1).groundingFloor(0).build();
        Response response = answer(responder, query(LIBRARY, "When does it open?", 0));
        assertThat(response.text()).isEqualTo(OFF_TOPIC);
        assertThat(response.provenance()).containsEntry("grounding", 0.0).doesNotContainKey("flags");
        assertThat(llm.requests()).hasSize(1);
    }

    @Test
    void userPrinciplesReachTheAnsweringPromptAndChangeItsId() {
        ScriptedLlm llm = ScriptedLlm.immediate();
        SelfImprovingResponder plain = responder(llm).build();
        SelfImprovingResponder pirate = responder(llm).searchBudget(1)
                .principles(Language.EN, List.of("Answer only from the context.", "Speak like a pirate.")).build();
        answer(pirate, query(LIBRARY, "When does it open?", 0));
        assertThat(llm.requests().get(0).messages().get(0).content()).contains("- Speak like a pirate.");
        assertThat(pirate.prompt(Language.EN).principlesId()).isNotEqualTo(plain.prompt(Language.EN).principlesId());
        assertThat(pirate.prompt(Language.ZH).id()).isEqualTo(plain.prompt(Language.ZH).id());
    }

    @Test
    void theAutomaticBudgetWaitsForTheJobsOutlookAndIsSizedByIt() {
        ScriptedLlm llm = ScriptedLlm.immediate();
        CompletableFuture<CorpusOutlook> outlook = new CompletableFuture<>();
        SelfImprovingResponder responder = responder(llm).corpusOutlook(() -> outlook).build();

        CompletableFuture<SearchReport> search = responder.search(Language.EN);
        assertThat(search).isNotDone();
        assertThat(llm.requests()).isEmpty();

        // 43 pairs afford floor(5 * 43 / 96) = 2 candidate sets of the six bundled seeds.
        outlook.complete(new CorpusOutlook(Map.of(Language.EN, 43L), true));
        SearchReport report = search.join();
        assertThat(report.budget()).isEqualTo(new SearchReport.Budget(2, 8, 43));
        assertThat(report.candidates()).hasSize(2);
        assertThat(llm.requests()).hasSize(2 * 2 * 6);
    }

    @Test
    void aGivenBudgetNeverAsksForTheOutlook() {
        ScriptedLlm llm = ScriptedLlm.immediate();
        SelfImprovingResponder responder = responder(llm).searchBudget(3).corpusOutlook(() -> {
            throw new AssertionError("a given budget does not depend on the corpus");
        }).build();

        SearchReport report = responder.search(Language.EN).join();
        assertThat(report.budget()).isEqualTo(new SearchReport.Budget(3, 3, 0));
        assertThat(report.candidates()).hasSize(3);
    }

    @Test
    void withNoOutlookTheAutomaticBudgetKeepsTheDefault() {
        SearchReport report = responder(ScriptedLlm.immediate()).build().search(Language.ZH).join();
        assertThat(report.budget()).isEqualTo(new SearchReport.Budget(8, 8, 0));
        assertThat(report.candidates()).hasSize(8);
    }

    @Test
    void badKnobsAreRejectedByName() {
        SelfImprovingResponder.Builder b = SelfImprovingResponder.builder();
        assertThatThrownBy(() -> b.demonstrations(-1)).hasMessageContaining("demonstrations must be >= 0");
        assertThatThrownBy(() -> b.searchBudget(-1)).hasMessageContaining("searchBudget must be >= 0");
        assertThatThrownBy(() -> b.groundingFloor(1.5)).hasMessageContaining("groundingFloor must be in [0, 1]");
        assertThatThrownBy(() -> b.judgeAttempts(0)).hasMessageContaining("judgeAttempts");
        assertThatThrownBy(() -> b.corpusOutlook(null)).hasMessageContaining("corpusOutlook");
        assertThatThrownBy(() -> b.principles(Language.EN, List.of())).hasMessageContaining("principles for en");
        assertThatThrownBy(() -> b.build()).hasMessageContaining("backend is required");
    }
}
