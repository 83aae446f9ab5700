package io.augcon.core;

import io.augcon.api.ContextSplitter;
import io.augcon.api.Language;
import io.augcon.api.LlmBackend;
import io.augcon.api.NodeExpander;
import io.augcon.api.QueryGenerator;
import io.augcon.api.ResponseRefiner;
import io.augcon.core.config.AugConConfig;
import io.augcon.core.tree.TreeConfig;
import io.augcon.core.event.SearchReport;
import io.augcon.core.respond.SelfImprovingResponder;
import io.augcon.core.tree.CstFormat;
import io.augcon.core.tree.CstPrompt;
import io.augcon.core.tree.CstStep;
import io.augcon.core.tree.RewritePrompts;
import io.augcon.core.tree.SplitMode;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one place that chooses a pipeline's stages: the ones the user replaced, the defaults for
 * the rest, configured from the {@link AugConConfig}.
 */
final class Stages {
    LlmBackend llm;
    NodeExpander nodeExpander;
    QueryGenerator queryGenerator;
    ContextSplitter contextSplitter;
    ResponseRefiner responseRefiner;

    /**
     * The chosen stages.
     *
     * @param expander   the tree step
     * @param refiner    the answering step
     * @param cstPrompts the rewrite prompts the scorer's negatives are written under
     */
    record Chosen(NodeExpander expander, ResponseRefiner refiner, Function<Language, CstPrompt> cstPrompts) {}

    /**
     * @param limited  the run's decorated LLM, or {@code null} when none was set
     * @param onSearch hears the demonstration search's report
     */
    Chosen choose(AugConConfig config, LlmBackend limited, Consumer<SearchReport> onSearch) {
        NodeExpander expander = expander(config.tree(), limited);
        ResponseRefiner refiner = responseRefiner != null ? responseRefiner
                : SelfImprovingResponder.builder()
                        .backend(required(limited, "responseRefiner"))
                        .settings(config.responses())
                        .seed(config.seed())
                        .onSearch(onSearch)
                        .build();
        Function<Language, CstPrompt> cstPrompts = RewritePrompts.of(expander)::rewritePrompt;
        return new Chosen(expander, refiner, cstPrompts);
    }

    private NodeExpander expander(TreeConfig tree, LlmBackend limited) {
        if (nodeExpander != null) {
            return nodeExpander;
        }
        if (queryGenerator != null && contextSplitter != null) {
            return NodeExpander.of(queryGenerator, contextSplitter);
        }
        CstStep.Builder step = CstStep.builder()
                .backend(required(limited, "nodeExpander"))
                .temperature(tree.temperature())
                .maxAttempts(tree.maxAttempts());
        if (contextSplitter != null) {
            // The split is the user's, so the model is asked for the question only.
            return NodeExpander.of(step.format(CstFormat.questionOnly()).build(), contextSplitter);
        }
        if (queryGenerator != null && tree.splitMode() == SplitMode.NUMBERED) {
            throw new IllegalArgumentException("splitMode NUMBERED is the joint tree step; it cannot be combined"
                    + " with queryGenerator");
        }
        CstStep joint = step.splitMode(tree.splitMode()).build();
        return queryGenerator == null ? joint : NodeExpander.of(queryGenerator, joint);
    }

    private static LlmBackend required(LlmBackend limited, String stage) {
        if (limited == null) {
            throw new IllegalArgumentException("llm: an LlmBackend is required unless " + stage + " is replaced");
        }
        return limited;
    }
}
