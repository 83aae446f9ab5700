package io.augcon.testkit;

import io.augcon.api.ChatMessage;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The default script of {@link ScriptedLlm} and of the loopback server's tests: it recognises
 * the pipeline's two kinds of prompts by their layout and answers them the way a cooperative
 * model would, deterministically.
 *
 * <ul>
 *   <li>A CST prompt (it ends with {@code Question:} or {@code 问题：}): the target context is
 *       split at the sentence boundary nearest its middle (at a clause mark or a word boundary
 *       when it is one sentence), and the question names a few words from the middle of the
 *       context, with a phrasing picked by the request's seed. A numbered-split prompt (its target
 *       is a {@code Sentences:} / {@code 句子：} block of {@code [i]} lines) gets the same question
 *       and {@code Split after: k}, k the sentence after which the text is nearest to halved; a
 *       one-sentence target gets the question only.</li>
 *   <li>An answering prompt (its last message holds {@code Context:} and {@code Question:}): the
 *       answer is the context's first sentence. When a system message asks for reasoning before
 *       a {@code Final answer:} ({@code 最终答案：}) line, one line of reasoning comes first and
 *       the first sentence follows the marker.</li>
 *   <li>A judging prompt (its last message holds {@code Reference answer:} and
 *       {@code Predicted answer:}, or {@code 参考答案：} and {@code 待评答案：}): {@code Yes.}
 *       ({@code 是}) when at least half of the reference's words (Chinese: characters) occur in
 *       the prediction, else {@code No.} ({@code 否}).</li>
 * </ul>
 */
public final class ScriptedAnswers {
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?。！？])\\s*");
    private static final Pattern CLAUSE_MARK = Pattern.compile("(?<=[,;，；：、])\\s*");
    private static final Pattern NUMBERED_LINE = Pattern.compile("\\[\\d+] (.*)");
    private static final Pattern CJK = Pattern.compile("\\p{IsHan}");
    private static final Pattern JUDGE_TURN = Pattern.compile(
            "\\n(?:Reference answer: |参考答案：)(.*)\\n(?:Predicted answer: |待评答案：)(.*)\\n", Pattern.DOTALL);
    private static final String[] EN_FORMS = {
        "What does the text say about %s?", "How is %s described?", "Why does the text bring up %s?",
        "What is explained about %s?", "What should a reader know about %s?",
    };
    private static final String[] ZH_FORMS = {"关于“%s”，文中说了什么？", "文中如何描述“%s”？", "为什么文中提到“%s”？", "“%s”指的是什么？"};

    private ScriptedAnswers() {}

    /** Answers {@code request} per the class description. */
    public static LlmResponse answer(LlmRequest request) {
        String text = request.prompt() != null ? request.prompt() : lastUserMessage(request);
        String trimmed = text.strip();
        long seed = request.seed() == null ? 0 : request.seed();
        if (trimmed.endsWith("Question:") || trimmed.endsWith("问题：")) {
            List<String> numbered = numberedSentences(trimmed);
            return ScriptedLlm.reply(request, numbered.isEmpty()
                    ? cstAnswer(targetContext(trimmed), seed) : numberedAnswer(numbered, seed));
        }
        Matcher judged = JUDGE_TURN.matcher(text);
        if (judged.find()) {
            return ScriptedLlm.reply(request, verdict(judged.group(1), judged.group(2)));
        }
        Matcher turn = Pattern.compile("(?:Context: |上下文：)(.*)\\n(?:Question: |问题：)", Pattern.DOTALL).matcher(text);
        if (turn.find()) {
            String answer = firstSentence(turn.group(1));
            return ScriptedLlm.reply(request, asksForReasoning(request) ? reasoned(answer) : answer);
        }
        return ScriptedLlm.reply(request, "OK");
    }

    /** The target context of a CST prompt: the text after its last context label. */
    public static String targetContext(String cstPrompt) {
        String body = cstPrompt.strip();
        int labelAt = body.endsWith("问题：") ? body.length() - "问题：".length() : body.length() - "Question:".length();
        int en = body.lastIndexOf("Context: ", labelAt);
        int zh = body.lastIndexOf("上下文：", labelAt);
        int start = en > zh ? en + "Context: ".length() : zh + "上下文：".length();
        if (Math.max(en, zh) < 0) {
            throw new IllegalArgumentException("not a CST prompt: no context label");
        }
        return body.substring(start, labelAt).strip();
    }

    /** A CST answer for {@code context} in the layout the prompt teaches, in the context's language. */
    public static String cstAnswer(String context, long seed) {
        boolean chinese = CJK.matcher(context).find();
        String[] halves = split(context, chinese);
        String question = question(context, chinese, seed);
        return chinese
                ? "问题：" + question + "\n上下文1：" + halves[0] + "\n上下文2：" + halves[1]
                : "Question: " + question + "\nContext 1: " + halves[0] + "\nContext 2: " + halves[1];
    }

    /**
     * The target's sentences when {@code cstPrompt} is a numbered-split prompt (its last block is a
     * {@code Sentences:} or {@code 句子：} label followed by {@code [i] sentence} lines), else empty.
     */
    public static List<String> numberedSentences(String cstPrompt) {
        String body = cstPrompt.strip();
        int labelAt = body.endsWith("问题：") ? body.length() - "问题：".length() : body.length() - "Question:".length();
        int at = Math.max(body.lastIndexOf("\nSentences:\n", labelAt), body.lastIndexOf("\n句子：\n", labelAt));
        int context = Math.max(body.lastIndexOf("Context: ", labelAt), body.lastIndexOf("上下文：", labelAt));
        List<String> sentences = new ArrayList<>();
        if (at < 0 || context > at) {
            return sentences;
        }
        for (String line : body.substring(body.indexOf('\n', at + 1) + 1, labelAt).split("\n")) {
            Matcher m = NUMBERED_LINE.matcher(line.strip());
            if (m.matches()) {
                sentences.add(m.group(1));
            }
        }
        return sentences;
    }

    /**
     * A numbered-split answer: the question (as {@link #cstAnswer} words it) and the sentence
     * after which the text is nearest to halved by characters; only the question for one sentence.
     */
    public static String numberedAnswer(List<String> sentences, long seed) {
        String context = String.join(" ", sentences);
        boolean chinese = CJK.matcher(context).find();
        String question = (chinese ? "问题：" : "Question: ") + question(context, chinese, seed);
        if (sentences.size() < 2) {
            return question;
        }
        int total = 0;
        for (String sentence : sentences) {
            total += sentence.length();
        }
        int best = 1;
        int bestGap = Integer.MAX_VALUE;
        int before = 0;
        for (int k = 1; k < sentences.size(); k++) {
            before += sentences.get(k - 1).length();
            int gap = Math.abs(2 * before - total);
            if (gap < bestGap) {
                best = k;
                bestGap = gap;
            }
        }
        return question + (chinese ? "\n切分位置：" : "\nSplit after: ") + best;
    }

    /** The context cut in two near the middle: at a sentence end, else a clause mark, else a word. */
    static String[] split(String context, boolean chinese) {
        for (Pattern boundary : List.of(SENTENCE_END, CLAUSE_MARK)) {
            int cut = nearestToMiddle(boundary, context);
            if (cut > 0 && cut < context.length()) {
                return new String[] {context.substring(0, cut).strip(), context.substring(cut).strip()};
            }
        }
        int middle = context.length() / 2;
        int cut = chinese ? middle : Math.max(context.lastIndexOf(' ', middle), 1);
        return new String[] {context.substring(0, cut).strip(), context.substring(cut).strip()};
    }

    private static int nearestToMiddle(Pattern boundary, String text) {
        Matcher m = boundary.matcher(text);
        int best = -1;
        int middle = text.length() / 2;
        while (m.find()) {
            int cut = m.end();
            if (cut < text.length() && (best < 0 || Math.abs(cut - middle) < Math.abs(best - middle))) {
                best = cut;
            }
        }
        return best;
    }

    private static String question(String context, boolean chinese, long seed) {
        if (chinese) {
            String han = context.replaceAll("[^\\p{IsHan}]", "");
            int from = Math.max(0, han.length() / 2 - 3);
            String topic = han.substring(from, Math.min(han.length(), from + 6));
            return String.format(Locale.ROOT, ZH_FORMS[(int) (seed % ZH_FORMS.length)], topic);
        }
        List<String> words = new ArrayList<>();
        for (String w : context.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        int from = Math.max(0, words.size() / 2 - 2);
        String topic = String.join(" ", words.subList(from, Math.min(words.size(), from + 5)));
        return String.format(Locale.ROOT, EN_FORMS[(int) (seed % EN_FORMS.length)], topic);
    }

    /** The first sentence of {@code context}: the default script's answer to a question about it. */
    public static String firstSentence(String context) {
        Matcher m = SENTENCE_END.matcher(context.strip());
        while (m.find()) {
            if (m.end() > 0 && m.end() < context.strip().length()) {
                return context.strip().substring(0, m.end()).strip();
            }
        }
        return context.strip();
    }

    private static boolean asksForReasoning(LlmRequest request) {
        for (ChatMessage m : request.asMessages()) {
            if (m.role() == ChatMessage.Role.SYSTEM && (m.content().contains("\"Final answer:\"") || m.content().contains("“最终答案：”"))) {
                return true;
            }
        }
        return false;
    }

    private static String reasoned(String answer) {
        return CJK.matcher(answer).find()
                ? "问题问的是这段文字的内容，逐句看下来，第一句就回答了它。\n最终答案：" + answer
                : "The question is about the passage; reading it sentence by sentence, the first one answers it.\nFinal answer: " + answer;
    }

    /** Yes when at least half of the reference's words (Chinese: characters) occur in the prediction. */
    private static String verdict(String reference, String predicted) {
        boolean chinese = CJK.matcher(reference).find();
        List<String> expected = units(reference, chinese);
        List<String> found = units(predicted, chinese);
        long shared = expected.stream().filter(found::contains).count();
        boolean yes = !expected.isEmpty() && shared * 2 >= expected.size();
        return chinese ? (yes ? "是" : "否") : (yes ? "Yes." : "No.");
    }

    private static List<String> units(String text, boolean chinese) {
        List<String> out = new ArrayList<>();
        if (chinese) {
            text.codePoints().filter(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN)
                    .forEach(cp -> out.add(new String(Character.toChars(cp))));
            return out;
        }
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    private static String lastUserMessage(LlmRequest request) {
        List<ChatMessage> messages = request.asMessages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role() == ChatMessage.Role.USER) {
                return messages.get(i).content();
            }
        }
        return "";
    }

    /**
     * A rough token count for usage figures: one per CJK character plus one per other word. Real
     * tokenisers differ; tests use it only where exact counts do not matter.
     */
    public static long estimateTokens(String text) {
        long tokens = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN) {
                tokens++;
                inWord = false;
            } else if (Character.isLetterOrDigit(c)) {
                if (!inWord) {
                    tokens++;
                }
                inWord = true;
            } else {
                inWord = false;
            }
        }
        return tokens;
    }
}
