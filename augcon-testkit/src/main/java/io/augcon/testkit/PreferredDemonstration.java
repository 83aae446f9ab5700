package io.augcon.testkit;

import io.augcon.api.ChatMessage;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A script under which one demonstration makes the model answer well and its judge can tell:
 * the test of a demonstration search. With {@link ScriptedLlm#answering(Function)}:
 *
 * <ul>
 *   <li>An answering prompt whose demonstrations include the preferred one (an assistant turn
 *       holding its answer) is answered as {@link ScriptedAnswers} does, with the context's
 *       first sentence; without it, with the context's last sentence.</li>
 *   <li>A judging prompt gets yes ({@code Yes.} / {@code 是}) exactly when the predicted answer
 *       is the context's first sentence.</li>
 *   <li>Everything else (CST prompts) is answered by {@link ScriptedAnswers#answer}.</li>
 * </ul>
 *
 * <pre>{@code
 * ScriptedLlm llm = ScriptedLlm.answering(PreferredDemonstration.script(seeds.get(3).answer()));
 * }</pre>
 */
public final class PreferredDemonstration {
    private static final Pattern JUDGE = Pattern.compile(
            "^(?:Context: |上下文：)(.*)\\n(?:Question: |问题：).*\\n(?:Predicted answer: |待评答案：)(.*)\\n", Pattern.DOTALL);
    private static final Pattern ANSWERING = Pattern.compile("^(?:Context: |上下文：)(.*)\\n(?:Question: |问题：)", Pattern.DOTALL);
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?。！？])\\s*");

    private PreferredDemonstration() {}

    /** The script preferring the demonstration whose answer is {@code preferredAnswer}. */
    public static Function<LlmRequest, LlmResponse> script(String preferredAnswer) {
        Objects.requireNonNull(preferredAnswer, "preferredAnswer");
        return request -> {
            List<ChatMessage> messages = request.asMessages();
            String last = messages.get(messages.size() - 1).content();
            Matcher judge = JUDGE.matcher(last);
            if (judge.find()) {
                boolean chinese = last.startsWith("上下文：");
                boolean good = judge.group(2).strip().equals(ScriptedAnswers.firstSentence(judge.group(1)));
                return ScriptedLlm.reply(request, chinese ? (good ? "是" : "否") : (good ? "Yes." : "No."));
            }
            boolean cst = last.strip().endsWith("Question:") || last.strip().endsWith("问题：");
            Matcher answering = ANSWERING.matcher(last);
            if (!cst && answering.find() && !demonstrates(messages, preferredAnswer)) {
                return ScriptedLlm.reply(request, lastSentence(answering.group(1)));
            }
            return ScriptedAnswers.answer(request);
        };
    }

    private static boolean demonstrates(List<ChatMessage> messages, String answer) {
        return messages.stream().anyMatch(m -> m.role() == ChatMessage.Role.ASSISTANT && m.content().contains(answer));
    }

    private static String lastSentence(String context) {
        String[] sentences = SENTENCE_END.split(context.strip());
        return sentences[sentences.length - 1].strip();
    }
}
