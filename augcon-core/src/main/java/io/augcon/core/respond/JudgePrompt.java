package io.augcon.core.respond;

import io.augcon.api.ChatMessage;
import io.augcon.api.Language;
import com.fasterxml.jackson.databind.JsonNode;
import io.augcon.api.ResponseSchema;
import io.augcon.core.internal.PromptResources;
import io.augcon.core.internal.stage.JsonAnswer;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The self-evaluation prompt: did a predicted answer answer the question correctly, given the
 * human-written reference answer? A separate call from answering, so the model grades its own
 * answer without seeing how it was asked to write it. The reply is read by {@link #verdict}.
 *
 * <pre>{@code
 * List<ChatMessage> messages = JudgePrompt.defaults(Language.EN)
 *     .render(seed.context(), seed.question(), seed.answer(), predicted);
 * Optional<Boolean> correct = JudgePrompt.verdict("Yes.");   // Optional[true]
 * }</pre>
 */
final class JudgePrompt {
    /** A short label before the verdict: "Verdict:", "Final answer:", "是否正确：". */
    private static final Pattern LABELLED = Pattern.compile("^[^:：]{1,24}[:：]\\s*(.+)$");
    private static final Pattern DECORATION = Pattern.compile("[*_#>`\"'“”‘’「」【】\\[\\]()（）]");
    private static final Pattern ENGLISH_WORD = Pattern.compile("^([a-z]+)\\b");
    private static final List<String> ENGLISH_YES = List.of("yes", "yeah", "yep", "correct", "true", "right");
    private static final List<String> ENGLISH_NO = List.of("no", "nope", "incorrect", "false", "wrong", "not");
    /** Read before {@link #CHINESE_YES}, so that "不是" is not taken for "是". */
    private static final List<String> CHINESE_NO = List.of("不正确", "不准确", "不对", "不是", "错误", "没有", "否", "不", "错");
    private static final List<String> CHINESE_YES = List.of("没错", "正确", "准确", "是", "对");

    /**
     * A verdict said in a sentence: group 1 a negated or negative one, else a positive one. At each
     * place the negative forms are tried first, so "not correct" and "不正确" never read as yes.
     */
    private static final Pattern STATED = Pattern.compile(
            "((?:\\bnot|n't)\\s+(?:quite\\s+|entirely\\s+|fully\\s+)?(?:correct|right|accurate)\\b"
                    + "|\\b(?:incorrect|inaccurate|wrong)\\b|不正确|不准确|不对|错误)"
                    + "|\\b(?:correct|accurate)\\b|正确|准确");

    private static final String STEP = "response";
    /** The judge's answer under a schema (contracts §7): one boolean. */
    static final ResponseSchema SCHEMA = new ResponseSchema("judge", """
            {"type": "object", "properties": {"correct": {"type": "boolean"}},
             "required": ["correct"], "additionalProperties": false}""");

    private final Language language;
    private final String system;
    private final String id;

    private JudgePrompt(Language language, String system) {
        this.language = Objects.requireNonNull(language, "language");
        this.system = system.strip();
        this.id = "judge-" + language.code() + "-" + PromptResources.contentHash(List.of(this.system));
    }

    /** The bundled judge prompt for {@code language}. */
    public static JudgePrompt defaults(Language language) {
        return new JudgePrompt(language, PromptResources.text(STEP, language, "judge-task.txt") + "\n"
                + PromptResources.text(STEP, language, "judge-layout.txt"));
    }

    /** This prompt with another system message (it should ask for a yes or no). */
    public JudgePrompt withSystem(String text) {
        return new JudgePrompt(language, text);
    }

    /** The messages asking whether {@code predicted} answers {@code question} as {@code reference} does. */
    public List<ChatMessage> render(String context, String question, String reference, String predicted) {
        String turn = language == Language.ZH
                ? "上下文：" + context.strip() + "\n问题：" + question.strip() + "\n参考答案：" + reference.strip()
                        + "\n待评答案：" + predicted.strip() + "\n待评答案是否正确？"
                : "Context: " + context.strip() + "\nQuestion: " + question.strip() + "\nReference answer: "
                        + reference.strip() + "\nPredicted answer: " + predicted.strip()
                        + "\nIs the predicted answer correct?";
        return List.of(ChatMessage.system(system), ChatMessage.user(turn));
    }

    /**
     * The same messages for a server that enforces {@link #SCHEMA}: the system message's
     * one-word reply line becomes the JSON one ({@link PromptResources#jsonInstruction}).
     */
    public List<ChatMessage> renderJson(String context, String question, String reference, String predicted) {
        List<ChatMessage> text = render(context, question, reference, predicted);
        String json = PromptResources.jsonInstruction(STEP, language, system, "judge-layout.txt", "judge-layout-json.txt");
        return List.of(ChatMessage.system(json), text.get(1));
    }

    /**
     * Reads a judgement given under {@link #SCHEMA}, tolerating a code fence: the {@code correct}
     * boolean; empty when the answer is not such an object.
     */
    public static Optional<Boolean> verdictJson(String reply) {
        try {
            JsonNode correct = JsonAnswer.object(reply).get("correct");
            return correct != null && correct.isBoolean() ? Optional.of(correct.asBoolean()) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Reads a yes/no judgement in English or Chinese, leniently: "Yes.", "**No**, because ...",
     * "Verdict: yes", "是的", "否，因为……", "不正确". The first line decides; when it holds no
     * verdict (a model that explains first), the last line does; when neither starts with one, the
     * last verdict the reply states in a sentence does ("The predicted answer is not correct.",
     * "预测答案是正确的。"), so a usable judgement is never asked again. Empty when there is none.
     */
    public static Optional<Boolean> verdict(String reply) {
        List<String> lines = reply.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        Optional<Boolean> first = lineVerdict(lines.get(0));
        if (first.isPresent()) {
            return first;
        }
        Optional<Boolean> last = lines.size() == 1 ? Optional.empty() : lineVerdict(lines.get(lines.size() - 1));
        return last.isPresent() ? last : statedVerdict(reply);
    }

    /** The last verdict stated inside the reply's sentences; a negated one reads as no. */
    private static Optional<Boolean> statedVerdict(String reply) {
        Matcher stated = STATED.matcher(reply.toLowerCase(Locale.ROOT));
        Boolean verdict = null;
        while (stated.find()) {
            verdict = stated.group(1) == null;
        }
        return Optional.ofNullable(verdict);
    }

    private static Optional<Boolean> lineVerdict(String line) {
        String text = DECORATION.matcher(line).replaceAll("").strip().toLowerCase(Locale.ROOT);
        Matcher labelled = LABELLED.matcher(text);
        if (labelled.matches()) {
            Optional<Boolean> after = leadingVerdict(labelled.group(1).strip());
            if (after.isPresent()) {
                return after;
            }
        }
        return leadingVerdict(text);
    }

    private static Optional<Boolean> leadingVerdict(String text) {
        Matcher word = ENGLISH_WORD.matcher(text);
        if (word.find()) {
            if (ENGLISH_YES.contains(word.group(1))) {
                return Optional.of(true);
            }
            return ENGLISH_NO.contains(word.group(1)) ? Optional.of(false) : Optional.empty();
        }
        for (String no : CHINESE_NO) {
            if (text.startsWith(no)) {
                return Optional.of(false);
            }
        }
        for (String yes : CHINESE_YES) {
            if (text.startsWith(yes)) {
                return Optional.of(true);
            }
        }
        return Optional.empty();
    }

    public Language language() {
        return language;
    }

    /** {@code judge-<lang>-<hash>}: names this exact prompt in search reports. */
    public String id() {
        return id;
    }
}
