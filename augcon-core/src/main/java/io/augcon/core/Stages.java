package io.augcon.core;

import io.augcon.api.ContextSplitter;
import io.augcon.api.Language;
import io.augcon.api.LlmBackend;
import io.augcon.api.NodeExpander;
import io.augcon.api.QueryGenerator;
import io.augcon.api.ResponseRefiner;
import java.util.concurrent.CompletionStage;
import io.augcon.core.config.AugConConfig;
import io.augcon.core.tree.TreeConfig;
import io.augcon.core.event.SearchReport;
import io.augcon.core.llm.StructuredOutput;
import io.augcon.core.respond.CorpusOutlook;
import io.augcon.core.respond.SelfImprovingResponder;
import io.augcon.core.tree.CstFormat;
import io.augcon.core.tree.CstPrompt;
import io.augcon.core.tree.CstStep;
import io.augcon.core.tree.SplitMode;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

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
    List<SearchReport> searched = List.of();

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
     * @param outlook  the run in progress's corpus outlook, which the automatic search budget is sized for
     * @param structured whether the default LLM stages ask for JSON under a schema, shared by them
     */
    Chosen choose(AugConConfig config, LlmBackend limited, Consumer<SearchReport> onSearch,
            Supplier<CompletionStage<CorpusOutlook>> outlook, StructuredOutput structured) {
        TreeStep tree = tree(config.tree(), limited, structured);
        ResponseRefiner refiner = responseRefiner != null ? responseRefiner
                : SelfImprovingResponder.builder()
                        .backend(required(limited, "responseRefiner"))
                        .settings(config.responses())
                        .seed(config.seed())
                        .onSearch(onSearch)
                        .corpusOutlook(outlook)
                        .structuredOutput(structured)
                        .searched(searched)
                        .build();
        return new Chosen(tree.expander(), refiner, tree.cstPrompts());
    }

    /** A tree step and the rewrite prompts the scorer's negatives weaken. */
    private record TreeStep(NodeExpander expander, Function<Language, CstPrompt> cstPrompts) {}

    /**
     * The tree step. When it is the default joint step, the negatives weaken that step's own
     * rewrite prompts, else the bundled ones, so negatives and positives come from one prompt
     * wherever the positives come from it.
     */
    private TreeStep tree(TreeConfig tree, LlmBackend limited, StructuredOutput structured) {
        if (nodeExpander != null) {
            return new TreeStep(nodeExpander, CstPrompt::defaults);
        }
        if (queryGenerator != null && contextSplitter != null) {
            return new TreeStep(NodeExpander.of(queryGenerator, contextSplitter), CstPrompt::defaults);
        }
        if (contextSplitter != null) {
            // The split is the user's, so the model is asked for the question only.
            CstStep question = defaultStep(tree, limited, structured).format(CstFormat.questionOnly()).build();
            return new TreeStep(NodeExpander.of(question, contextSplitter), CstPrompt::defaults);
        }
        if (queryGenerator != null && tree.splitMode() == SplitMode.NUMBERED) {
            throw new IllegalArgumentException("splitMode NUMBERED is the joint tree step; it cannot be combined"
                    + " with queryGenerator");
        }
        CstStep joint = defaultStep(tree, limited, structured).splitMode(tree.splitMode()).build();
        return queryGenerator != null
                ? new TreeStep(NodeExpander.of(queryGenerator, joint), CstPrompt::defaults)
                : new TreeStep(joint, joint::rewritePrompt);
    }

    private static CstStep.Builder defaultStep(TreeConfig tree, LlmBackend limited, StructuredOutput structured) {
        return CstStep.builder()
                .backend(required(limited, "nodeExpander"))
                .structuredOutput(structured)
                .temperature(tree.temperature())
                .maxAttempts(tree.maxAttempts());
    }

    private static LlmBackend required(LlmBackend limited, String stage) {
        if (limited == null) {
            throw new IllegalArgumentException("llm: an LlmBackend is required unless " + stage + " is replaced");
        }
        return limited;
    }
}
