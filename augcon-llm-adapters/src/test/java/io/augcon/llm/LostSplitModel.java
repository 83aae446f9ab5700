package io.augcon.llm;

import io.augcon.api.ChatMessage;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.testkit.ScriptedAnswers;
import io.augcon.testkit.ScriptedLlm;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A scripted model that answers the way issue 13 saw real models answer: on a context it cannot
 * split (one sentence, or shorter than {@link #SHORT_EN} / {@link #SHORT_ZH} characters) it writes
 * a good question, hands the whole text back as Context 1 and leaves Context 2 empty, writes a
 * placeholder there ("N/A", "None", "无"), drops the label, or repeats the whole text; asked for a
 * numbered split it answers {@code Split after: n}, the last sentence, or no usable number.
 * Every other CST answer is {@link ScriptedAnswers}'. The layout of each CST answer varies with
 * the request's seed (plain, bold labels, headings, a preamble, trailing chatter), as real
 * models' do; other prompts get {@link ScriptedAnswers}' answer as it is.
 */
public final class LostSplitModel implements Function<LlmRequest, LlmResponse> {
    /** Below this many characters an English context is treated as unsplittable. */
    static final int SHORT_EN = 48;
    /** Below this many characters a Chinese context is treated as unsplittable. */
    static final int SHORT_ZH = 24;

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?。！？])\\s*");
    private static final Pattern HAN = Pattern.compile("\\p{IsHan}");

    @Override
    public LlmResponse apply(LlmRequest request) {
        LlmResponse scripted = ScriptedAnswers.answer(request);
        // Through the loopback server the prompt arrives as the chat's one user message.
        List<ChatMessage> messages = request.asMessages();
        String prompt = messages.get(messages.size() - 1).content();
        if (!(prompt.strip().endsWith("Question:") || prompt.strip().endsWith("问题："))) {
            return scripted;
        }
        long seed = request.seed() == null ? 0 : request.seed();
        List<String> numbered = ScriptedAnswers.numberedSentences(prompt);
        String answer = numbered.isEmpty()
                ? rewrite(ScriptedAnswers.targetContext(prompt), scripted.text(), seed)
                : numbered(numbered, scripted.text(), seed);
        return ScriptedLlm.reply(request, answer);
    }

    /** Whether the model gives up on splitting {@code text}. */
    static boolean unsplittable(String text) {
        boolean chinese = HAN.matcher(text).find();
        long sentences = Arrays.stream(SENTENCE_END.split(text.strip())).filter(s -> !s.isBlank()).count();
        return sentences <= 1 || text.strip().length() < (chinese ? SHORT_ZH : SHORT_EN);
    }

    private static String rewrite(String context, String scripted, long seed) {
        String[] lines = scripted.split("\n");
        String[] labels = lines[0].startsWith("问题") ? new String[] {"问题", "上下文1", "上下文2"}
                : new String[] {"Question", "Context 1", "Context 2"};
        String question = value(lines[0]);
        if (!unsplittable(context)) {
            return layout(seed, labels, question, value(lines[1]), value(lines[2]));
        }
        boolean chinese = labels[0].equals("问题");
        String second = switch (variant(seed, 5)) {
            case 0 -> "";
            case 1 -> "N/A";
            case 2 -> chinese ? "无" : "None.";
            case 3 -> null;
            default -> context;
        };
        return layout(seed, labels, question, context, second);
    }

    private static String numbered(List<String> sentences, String scripted, long seed) {
        String context = String.join(" ", sentences);
        if (!unsplittable(context)) {
            return scripted;
        }
        boolean chinese = HAN.matcher(context).find();
        String question = scripted.split("\n")[0];
        String label = chinese ? "\n切分位置：" : "\nSplit after: ";
        return switch (variant(seed, 3)) {
            case 0 -> question + label + sentences.size();
            case 1 -> question + label + (chinese ? "无" : "N/A");
            default -> question;
        };
    }

    /** Renders the three fields in one of five layouts real models use; {@code second} null leaves out its label. */
    private static String layout(long seed, String[] labels, String question, String first, String second) {
        String[] values = {question, first, second};
        StringBuilder out = new StringBuilder();
        int form = (int) Math.floorMod(seed, 5L);
        if (form == 3) {
            out.append("Sure! Here is the output:\n\n");
        }
        for (int i = 0; i < 3; i++) {
            if (values[i] == null) {
                continue;
            }
            out.append(switch (form) {
                case 1 -> "**" + labels[i] + ":** " + values[i] + "\n\n";
                case 2 -> "## " + labels[i] + "\n" + values[i] + "\n\n";
                default -> labels[i] + ": " + values[i] + "\n";
            });
        }
        if (form == 4) {
            out.append("\nLet me know if you need anything else.");
        }
        return out.toString().stripTrailing();
    }

    private static int variant(long seed, int of) {
        return (int) Math.floorMod(Long.rotateRight(seed, 17) ^ (seed >>> 7), (long) of);
    }

    private static String value(String line) {
        boolean chinese = line.startsWith("问题") || line.startsWith("上下文");
        return chinese ? line.substring(line.indexOf('：') + 1) : line.substring(line.indexOf(": ") + 2);
    }
}
