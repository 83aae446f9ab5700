package io.augcon.core.tree;

import io.augcon.api.Language;
import io.augcon.api.Stage;

/**
 * The rewrite-layout prompt a tree stage asks with, per language: what the in-run scorer weakens
 * to make its negatives ({@link io.augcon.core.scoring.NegativeKind}), so that negatives and
 * positives come from the same prompt. {@link CstStep} has it; a stage of a user's own may too.
 *
 * <pre>{@code
 * RewritePrompts prompts = RewritePrompts.of(augconExpander);
 * CstPrompt english = prompts.rewritePrompt(Language.EN);
 * }</pre>
 */
@FunctionalInterface
public interface RewritePrompts {

    /** The rewrite prompt used for {@code language}. */
    CstPrompt rewritePrompt(Language language);

    /** The bundled prompts ({@link CstPrompt#defaults}). */
    static RewritePrompts defaults() {
        return CstPrompt::defaults;
    }

    /** {@code stage}'s own prompts when it says which it uses, else the bundled ones. */
    static RewritePrompts of(Stage stage) {
        return stage instanceof RewritePrompts own ? own : defaults();
    }
}
