package io.augcon.core.tree;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.augcon.api.ResponseSchema;
import io.augcon.core.internal.stage.JsonAnswer;

/**
 * The CST layouts as JSON, for servers that enforce a schema (contracts §7). Rewrite: the string
 * properties {@code question}, {@code context_1} and {@code context_2}. Numbered: {@code question}
 * and the integer {@code split_after}, which a one-sentence node's schema leaves out. The worked
 * examples are written in the same JSON, and answers are read by the text parsers' rules: a usable
 * question is kept whatever happened to the split, and a missing, empty or placeholder split is
 * read as none, which the tree ends as a degenerate split.
 */
final class CstJson {
    static final String QUESTION = "question";
    static final String CONTEXT_1 = "context_1";
    static final String CONTEXT_2 = "context_2";
    static final String SPLIT_AFTER = "split_after";

    /** Strict mode wants every property required and no others. */
    static final ResponseSchema REWRITE = new ResponseSchema("cst_rewrite", """
            {"type": "object",
             "properties": {"question": {"type": "string"}, "context_1": {"type": "string"},
                            "context_2": {"type": "string"}},
             "required": ["question", "context_1", "context_2"],
             "additionalProperties": false}""");
    static final ResponseSchema NUMBERED = new ResponseSchema("cst_numbered", """
            {"type": "object",
             "properties": {"question": {"type": "string"}, "split_after": {"type": "integer"}},
             "required": ["question", "split_after"],
             "additionalProperties": false}""");
    /** A one-sentence node has no split to give, so its schema has no {@code split_after}. */
    static final ResponseSchema QUESTION_ONLY = new ResponseSchema("cst_question", """
            {"type": "object",
             "properties": {"question": {"type": "string"}},
             "required": ["question"],
             "additionalProperties": false}""");

    private static final ObjectMapper JSON = new ObjectMapper();

    private CstJson() {}

    /** A rewrite answer as a worked example shows it. */
    static String rewriteExample(String question, String context1, String context2) {
        return JSON.createObjectNode().put(QUESTION, question).put(CONTEXT_1, context1).put(CONTEXT_2, context2).toString();
    }

    /** A numbered answer as a worked example shows it. */
    static String numberedExample(String question, int splitAfter) {
        return JSON.createObjectNode().put(QUESTION, question).put(SPLIT_AFTER, splitAfter).toString();
    }

    /**
     * Reads a rewrite answer.
     *
     * @throws CstParseException when it is not a JSON object or holds no usable question
     */
    static ParsedCst parseRewrite(String answer) {
        ObjectNode node = object(answer);
        return new ParsedCst(question(node), subContext(node.get(CONTEXT_1)), subContext(node.get(CONTEXT_2)));
    }

    /**
     * Reads a numbered answer about {@code sentenceCount} sentences: a {@code split_after} that is
     * missing, not an integer or outside {@code 1..sentenceCount-1} gives no split point
     * ({@code sentenceCount}), and a one-sentence node none at all (0), as the text parser reads them.
     *
     * @throws CstParseException when it is not a JSON object or holds no usable question
     */
    static NumberedCstParser.Parsed parseNumbered(String answer, int sentenceCount) {
        ObjectNode node = object(answer);
        String question = question(node);
        if (sentenceCount == 1) {
            return new NumberedCstParser.Parsed(question, 0);
        }
        JsonNode split = node.get(SPLIT_AFTER);
        int after = split != null && split.canConvertToInt() && split.isIntegralNumber() ? split.asInt() : -1;
        return new NumberedCstParser.Parsed(question, after >= 1 && after < sentenceCount ? after : sentenceCount);
    }

    private static ObjectNode object(String answer) {
        try {
            return JsonAnswer.object(answer);
        } catch (IllegalArgumentException e) {
            throw new CstParseException(e.getMessage());
        }
    }

    private static String question(ObjectNode node) {
        String question = text(node.get(QUESTION));
        if (question.isEmpty()) {
            throw new CstParseException("no question in '" + QUESTION + "'");
        }
        if (AnswerText.isPlaceholder(question)) {
            throw new CstParseException("placeholder question '" + question + "'");
        }
        return question;
    }

    private static String subContext(JsonNode value) {
        String text = text(value);
        return AnswerText.isPlaceholder(text) ? "" : text;
    }

    /** A string property's value, stripped; empty when it is missing or not a string. */
    private static String text(JsonNode value) {
        return value != null && value.isTextual() ? value.asText().strip() : "";
    }
}
