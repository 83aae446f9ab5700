package io.augcon.core.tree;

import io.augcon.api.ContextNode;
import io.augcon.api.Expansion;
import io.augcon.api.Language;
import java.util.Optional;

/**
 * The question-only layout: the model writes one question and no split, for a tree whose split
 * comes from a replaced {@link io.augcon.api.ContextSplitter}. The answer is read the way the
 * numbered layout reads a one-sentence node, which asks for the question only too.
 */
final class QuestionFormat implements CstFormat {
    private final LanguagePrompts<QuestionPrompt> prompts;

    QuestionFormat(LanguagePrompts<QuestionPrompt> prompts) {
        this.prompts = prompts;
    }

    @Override
    public String name() {
        return "llm-cst-question";
    }

    @Override
    public String promptId(Language language) {
        return prompts.get(language).id();
    }

    @Override
    public Optional<Ask> ask(ContextNode node) {
        QuestionPrompt prompt = prompts.get(node.language());
        return Optional.of(new Ask(prompt.render(node.text()), prompt.stopSequences(),
                answer -> Expansion.of(NumberedCstParser.question(answer), null)));
    }
}
