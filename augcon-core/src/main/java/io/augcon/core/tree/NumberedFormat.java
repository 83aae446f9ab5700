package io.augcon.core.tree;

import io.augcon.api.ContextNode;
import io.augcon.api.Expansion;
import io.augcon.api.Language;
import io.augcon.api.Split;
import io.augcon.core.corpus.TextSpan;
import java.util.List;
import java.util.Optional;

/**
 * The numbered layout ({@link SplitMode#NUMBERED}): a question and the number of the sentence
 * after which the context splits. The sub-contexts are then exact spans of the parent text, so
 * the tree's hallucination check passes by construction. A node of one sentence is asked for its
 * question only and gets no split, so it is a leaf: unlike the rewrite split, this one never cuts
 * inside a sentence. A node with no sentence is not asked at all.
 */
final class NumberedFormat implements CstFormat {
    private final LanguagePrompts<NumberedCstPrompt> prompts;

    NumberedFormat(LanguagePrompts<NumberedCstPrompt> prompts) {
        this.prompts = prompts;
    }

    @Override
    public String name() {
        return "llm-cst-numbered";
    }

    @Override
    public String promptId(Language language) {
        return prompts.get(language).id();
    }

    @Override
    public Optional<Ask> ask(ContextNode node) {
        return ask(node, false);
    }

    /**
     * The same question as a {@link CstJson} object: {@code question} and {@code split_after}, or
     * {@code question} only for a one-sentence node. No stop sequence, since the schema ends the answer.
     */
    @Override
    public Optional<Ask> askStructured(ContextNode node) {
        return ask(node, true);
    }

    private Optional<Ask> ask(ContextNode node, boolean json) {
        String text = node.text();
        List<TextSpan> spans = NumberedCstPrompt.spansOf(text, node.language());
        if (spans.isEmpty()) {
            return Optional.empty();
        }
        NumberedCstPrompt prompt = prompts.get(node.language());
        List<String> sentences = spans.stream().map(span -> span.of(text)).toList();
        if (!json) {
            return Optional.of(new Ask(prompt.render(sentences), prompt.stopSequences(),
                    answer -> expansion(text, spans, NumberedCstParser.parse(answer, spans.size()))));
        }
        return Optional.of(new Ask(prompt.renderJson(sentences), List.of(),
                answer -> expansion(text, spans, CstJson.parseNumbered(answer, spans.size())),
                spans.size() == 1 ? CstJson.QUESTION_ONLY : CstJson.NUMBERED));
    }

    /**
     * The question with its split; an answer with no split point inside the context keeps its
     * question with the whole context as the first part and nothing as the second, which the
     * tree ends as a degenerate split rather than asking again.
     */
    private static Expansion expansion(String text, List<TextSpan> spans, NumberedCstParser.Parsed parsed) {
        int k = parsed.splitAfter();
        if (k == 0) {
            return Expansion.of(parsed.question(), null);
        }
        if (k == spans.size()) {
            return Expansion.of(parsed.question(), new Split(text, ""));
        }
        return Expansion.of(parsed.question(), new Split(
                text.substring(spans.get(0).start(), spans.get(k - 1).end()),
                text.substring(spans.get(k).start(), spans.get(spans.size() - 1).end())));
    }
}
