package io.augcon.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.api.Document;
import io.augcon.api.QueryGenerator;
import io.augcon.api.SftRecord;
import io.augcon.core.event.PipelineListener;
import io.augcon.core.run.RunSummary;
import io.augcon.core.tree.SplitMode;
import io.augcon.testkit.ScriptedLlm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class NumberedSplitPipelineTest {

    @Test
    void everyRecordsContextIsAnExactSpanOfItsRootAndNoChildIsRejectedAsUnfaithful() throws Exception {
        List<SftRecord> records = new ArrayList<>();
        RunSummary summary = AugCon.builder().llm(ScriptedLlm.immediate()).tree(t -> t.withSplitMode(SplitMode.NUMBERED)).build()
                .run(AugConPipelineTest.corpus().stream(), records::add);
        Map<String, String> texts = AugConPipelineTest.corpus().stream()
                .collect(Collectors.toMap(Document::id, Document::text));

        assertThat(records).isNotEmpty();
        assertThat(records).extracting(SftRecord::depth).contains(0, 1, 2);
        assertThat(records).allSatisfy(r -> assertThat(texts.get(r.documentId()).substring(r.rootStart(), r.rootEnd()))
                .contains(r.context()));
        assertThat(summary.llmCalls().get("cst")).isEqualTo(summary.nodesExpanded());
        assertThat(summary.branchEnds()).doesNotContainKey(PipelineListener.BranchEnd.UNFAITHFUL_CHILD.name().toLowerCase(java.util.Locale.ROOT));
    }

    @Test
    void theNumberedSplitWritesFewerCstOutputTokensThanTheRewrite() throws Exception {
        Function<SplitMode, RunSummary> run = mode -> {
            try {
                return AugCon.builder().llm(ScriptedLlm.immediate()).tree(t -> t.withSplitMode(mode)).seed(3).build()
                        .run(AugConPipelineTest.corpus().stream(), r -> { });
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        RunSummary rewrite = run.apply(SplitMode.REWRITE);
        RunSummary numbered = run.apply(SplitMode.NUMBERED);
        double rewritePerNode = (double) rewrite.tokens().get("cst").outputTokens() / rewrite.nodesExpanded();
        double numberedPerNode = (double) numbered.tokens().get("cst").outputTokens() / numbered.nodesExpanded();
        assertThat(numberedPerNode).isLessThan(rewritePerNode / 2);
    }

    @Test
    void theNumberedModeCannotBeHalfReplaced() {
        QueryGenerator mine = new QueryGenerator() {
            @Override
            public java.util.concurrent.CompletionStage<Optional<String>> generate(io.augcon.api.ContextNode node, long seed) {
                return CompletableFuture.completedFuture(Optional.of("What is it?"));
            }

            @Override
            public String id() {
                return "mine";
            }
        };
        assertThatThrownBy(() -> AugCon.builder().llm(ScriptedLlm.immediate()).tree(t -> t.withSplitMode(SplitMode.NUMBERED))
                        .queryGenerator(mine).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("splitMode NUMBERED");
        assertThat(SplitMode.fromName("Numbered")).isEqualTo(SplitMode.NUMBERED);
        assertThatThrownBy(() -> SplitMode.fromName("halves")).hasMessageContaining("'halves'");
    }
}
