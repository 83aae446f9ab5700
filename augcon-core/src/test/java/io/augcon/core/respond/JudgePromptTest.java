package io.augcon.core.respond;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.api.ChatMessage;
import io.augcon.api.Language;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JudgePromptTest {

    @ParameterizedTest
    @ValueSource(strings = {"Yes", "Yes.", "yes", "YES!", "**Yes**", "Yes, the prediction names the same person.",
        "Correct.", "Verdict: Yes", "Answer: yes", "是", "是的", "是。", "对", "正确", "没错，和参考答案一致。",
        "判断：是", "是否正确：是"})
    void readsYes(String reply) {
        assertThat(JudgePrompt.verdict(reply)).as(reply).contains(true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"No", "No.", "no", "**No**", "No, because the prediction gives the wrong year.",
        "Incorrect: it names another diver.", "Not correct.", "Verdict: No", "否", "否。", "不是", "不对",
        "不正确，缺少关键事实。", "错误", "判断：否", "是否正确：否"})
    void readsNo(String reply) {
        assertThat(JudgePrompt.verdict(reply)).as(reply).contains(false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "Banana", "Maybe.", "Nothing to add", "Nobody knows", "Partially.",
        "The prediction and the reference differ in wording", "可能吧", "{\"verdict\": 1}"})
    void garbageIsNeitherYesNorNo(String reply) {
        assertThat(JudgePrompt.verdict(reply)).as(reply).isEmpty();
    }

    @Test
    void aModelThatExplainsFirstIsReadFromItsLastLine() {
        assertThat(JudgePrompt.verdict("The reference names James Cameron.\nThe prediction names him too.\nYes."))
                .contains(true);
        assertThat(JudgePrompt.verdict("参考答案说是雄株。\n待评答案说是雌株。\n否")).contains(false);
        assertThat(JudgePrompt.verdict("First line.\nNo.\nLast line.")).isEqualTo(Optional.empty());
    }

    @Test
    void aVerdictStatedInASentenceIsReadWithItsNegation() {
        assertThat(JudgePrompt.verdict("The predicted answer is correct.")).contains(true);
        assertThat(JudgePrompt.verdict("The predicted answer is not correct.")).contains(false);
        assertThat(JudgePrompt.verdict("The prediction isn't accurate: it gives another year.")).contains(false);
        assertThat(JudgePrompt.verdict("Comparing both, the prediction is wrong.")).contains(false);
        assertThat(JudgePrompt.verdict("Both name the same diver.\nSo the prediction is correct.")).contains(true);
        assertThat(JudgePrompt.verdict("预测答案是正确的。")).contains(true);
        assertThat(JudgePrompt.verdict("预测答案不正确，年份不对。")).contains(false);
    }

    @Test
    void theJudgeSeesContextQuestionReferenceAndPredictionInItsLanguage() {
        List<ChatMessage> en = JudgePrompt.defaults(Language.EN).render("Ctx.", "Q?", "Ref.", "Pred.");
        assertThat(en.get(0).role()).isEqualTo(ChatMessage.Role.SYSTEM);
        assertThat(en.get(0).content()).contains("Yes or No");
        assertThat(en.get(1).content()).isEqualTo(
                "Context: Ctx.\nQuestion: Q?\nReference answer: Ref.\nPredicted answer: Pred.\nIs the predicted answer correct?");
        List<ChatMessage> zh = JudgePrompt.defaults(Language.ZH).render("上下文。", "问？", "参考。", "预测。");
        assertThat(zh.get(0).content()).contains("是 或 否");
        assertThat(zh.get(1).content()).contains("参考答案：参考。").contains("待评答案：预测。");
    }
}
