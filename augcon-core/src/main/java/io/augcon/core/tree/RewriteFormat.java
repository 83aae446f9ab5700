package io.augcon.core.tree;

import io.augcon.api.ContextNode;
import io.augcon.api.Expansion;
import io.augcon.api.Language;
import io.augcon.api.Split;
import java.util.List;
import java.util.Optional;

/** The paper's layout ({@link SplitMode#REWRITE}): a question and the context rewritten as two sub-contexts. */
final class RewriteFormat implements CstFormat {
    /** The answer rewrites the context, so it is about as long as the context; 1.5 per character leaves room for Chinese at about one token per character. */
    private static final MaxTokens MAX_TOKENS = new MaxTokens(128, 1.5);

    private final LanguagePrompts<CstPrompt> prompts;

    RewriteFormat(LanguagePrompts<CstPrompt> prompts) {
        this.prompts = prompts;
    }

    @Override
    public String name() {
        return "llm-cst";
    }

    @Override
    public String promptId(Language language) {
        return prompts.get(language).id();
    }

    @Override
    public CstPrompt rewritePrompt(Language language) {
        return prompts.get(language);
    }

    @Override
    public MaxTokens defaultMaxTokens() {
        return MAX_TOKENS;
    }

    @Override
    public Optional<Ask> ask(ContextNode node) {
        CstPrompt prompt = prompts.get(node.language());
        return Optional.of(new Ask(prompt.render(node.text()), prompt.stopSequences(),
                answer -> expansion(CstOutputParser.parse(answer))));
    }

    /** The same question in {@link CstJson#REWRITE} object; no stop sequence, since the schema ends the answer. */
    @Override
    public Optional<Ask> askStructured(ContextNode node) {
        CstPrompt prompt = prompts.get(node.language());
        return Optional.of(new Ask(prompt.renderJson(node.text()), List.of(),
                answer -> expansion(CstJson.parseRewrite(answer)), CstJson.REWRITE));
    }

    private static Expansion expansion(ParsedCst parsed) {
        return Expansion.of(parsed.question(), new Split(parsed.context1(), parsed.context2()));
    }
}
