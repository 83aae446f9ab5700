package io.augcon.core.respond;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.api.ChatMessage;
import io.augcon.api.Language;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResponsePromptTest {
    private static final ResponsePrompt EN = ResponsePrompt.defaults(Language.EN);
    private static final ResponsePrompt EN_REASONING = EN.withReasoning(true);
    private static final ResponsePrompt ZH_REASONING = ResponsePrompt.defaults(Language.ZH).withReasoning(true);

    @Test
    void theReasoningIsStrippedAndOnlyTheFinalAnswerKept() {
        String reply = "The context says the library opens at nine on weekdays.\n"
                + "Saturday is not mentioned, so only weekdays are certain.\n"
                + "Final answer: It opens at nine on weekdays.";
        assertThat(EN_REASONING.readAnswer(reply)).contains("It opens at nine on weekdays.");
    }

    @Test
    void markersInBoldOrUpperCaseOrChineseAreFoundAndTheLastOneWins() {
        assertThat(EN_REASONING.readAnswer("Step 1: look.\n**Final Answer:** At nine.")).contains("At nine.");
        assertThat(EN_REASONING.readAnswer("FINAL ANSWER: **At nine.**")).contains("At nine.");
        assertThat(EN_REASONING.readAnswer("I first thought Final answer: ten.\nOn reflection:\nFinal answer: nine."))
                .contains("nine.");
        assertThat(ZH_REASONING.readAnswer("先看上下文，第二句提到了开馆时间。\n最终答案：早上九点开门。")).contains("早上九点开门。");
        assertThat(ZH_REASONING.readAnswer("思考……\n**最终答案**: 九点。")).contains("九点。");
    }

    @Test
    void aReasoningReplyWithoutAMarkerOrWithNothingAfterItHasNoAnswer() {
        assertThat(EN_REASONING.readAnswer("It opens at nine, I think.")).isEmpty();
        assertThat(EN_REASONING.readAnswer("Thinking it over.\nFinal answer:   ")).isEmpty();
    }

    @Test
    void withoutReasoningTheWholeReplyIsTheAnswerLessALabel() {
        assertThat(EN.readAnswer("**Answer:** At nine.")).contains("At nine.");
        assertThat(EN.readAnswer("答案：九点。")).contains("九点。");
        assertThat(EN.readAnswer("  \n ")).isEqualTo(Optional.empty());
    }

    @Test
    void theReasoningFormatAsksForTheMarkerAndDemonstrationsShowOnlyFinalAnswers() {
        SeedExample demo = SeedExample.defaults(Language.EN).get(0);
        List<ChatMessage> messages = EN_REASONING.render("Ctx.", "Q?", List.of(demo));
        assertThat(messages.get(0).content()).contains("step by step").contains("\"Final answer:\"")
                .doesNotContain("Reply with the answer only");
        assertThat(messages.get(2).content()).isEqualTo("Final answer: " + demo.answer());
        assertThat(EN_REASONING.id()).isNotEqualTo(EN.id());
        assertThat(EN_REASONING.principlesId()).isEqualTo(EN.principlesId());
    }

    @Test
    void theAnswerOnlyFormatKeepsTheFoundationsSystemMessage() {
        String system = EN.render("Ctx.", "Q?", List.of()).get(0).content();
        assertThat(system).startsWith("You answer people's questions.")
                .contains("- Answer accurately, using only the information in the given context.")
                .endsWith("no opening such as \"According to the context\" or \"Based on the passage\".");
    }
}
