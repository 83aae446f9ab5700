package io.augcon.core.tree;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.augcon.api.ResponseSchema;
import io.augcon.core.internal.stage.JsonAnswer;

/**
 * The rewrite layout as JSON, for servers that enforce a schema (contracts §7): an object with
 * the string properties {@code question}, {@code context_1} and {@code context_2}. The worked
 * examples are written in the same JSON, and answers are read by the text parser's rules: a
 * usable question is kept whatever happened to the split, and a missing, empty or placeholder
 * sub-context is read as empty, which the tree ends as a degenerate split.
 */
final class RewriteJson {
    static final String QUESTION = "question";
    static final String CONTEXT_1 = "context_1";
    static final String CONTEXT_2 = "context_2";

    /** Strict mode wants every property required and no others. */
    static final ResponseSchema SCHEMA = new ResponseSchema("cst_rewrite", """
            {"type": "object",
             "properties": {"question": {"type": "string"}, "context_1": {"type": "string"},
                            "context_2": {"type": "string"}},
             "required": ["question", "context_1", "context_2"],
             "additionalProperties": false}""");

    private static final ObjectMapper JSON = new ObjectMapper();

    private RewriteJson() {}

    /** One answer in the schema's shape, as a worked example shows it. */
    static String example(String question, String context1, String context2) {
        ObjectNode node = JSON.createObjectNode();
        node.put(QUESTION, question).put(CONTEXT_1, context1).put(CONTEXT_2, context2);
        return node.toString();
    }

    /**
     * Reads one answer.
     *
     * @throws CstParseException when it is not a JSON object or holds no usable question
     */
    static ParsedCst parse(String answer) {
        ObjectNode node;
        try {
            node = JsonAnswer.object(answer);
        } catch (IllegalArgumentException e) {
            throw new CstParseException(e.getMessage());
        }
        String question = text(node.get(QUESTION));
        if (question.isEmpty()) {
            throw new CstParseException("no question in '" + QUESTION + "'");
        }
        if (AnswerText.isPlaceholder(question)) {
            throw new CstParseException("placeholder question '" + question + "'");
        }
        return new ParsedCst(question, subContext(node.get(CONTEXT_1)), subContext(node.get(CONTEXT_2)));
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
