package io.augcon.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.api.ContextNode;
import io.augcon.api.ContextSplitter;
import io.augcon.api.Language;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.QueryGenerator;
import io.augcon.api.SftRecord;
import io.augcon.api.Split;
import io.augcon.core.corpus.SentenceSplitter;
import io.augcon.core.corpus.TextSpan;
import io.augcon.core.run.RunSummary;
import io.augcon.core.tree.CstPrompt;
import io.augcon.core.tree.QuestionPrompt;
import io.augcon.core.tree.SplitMode;
import io.augcon.testkit.ScriptedAnswers;
import io.augcon.testkit.ScriptedLlm;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A replaced stage takes its work out of the tree step's prompt. */
class StageCompositionTest {

    /** Splits a node at its middle sentence boundary, as a host application's own splitter might. */
    private static final ContextSplitter HALVES = new ContextSplitter() {
        @Override
        public CompletionStage<Optional<Split>> split(ContextNode node, long seed) {
            String text = node.text();
            List<TextSpan> sentences = SentenceSplitter.sentences(text, node.language());
            if (sentences.size() < 2) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            int k = sentences.size() / 2;
            return CompletableFuture.completedFuture(Optional.of(new Split(
                    text.substring(sentences.get(0).start(), sentences.get(k - 1).end()),
                    text.substring(sentences.get(k).start(), sentences.get(sentences.size() - 1).end()))));
        }

        @Override
        public String id() {
            return "halves";
        }
    };

    /** A model that answers a tree prompt with its question line only, and everything else as scripted. */
    private static LlmResponse questionOnly(LlmRequest request) {
        LlmResponse scripted = ScriptedAnswers.answer(request);
        if (!"cst".equals(request.stage())) {
            return scripted;
        }
        return ScriptedLlm.reply(request, scripted.text().lines().findFirst().orElseThrow());
    }

    @ParameterizedTest
    @EnumSource(SplitMode.class)
    void withAReplacedSplitterTheModelIsAskedForTheQuestionOnlyAndNoNodeFails(SplitMode mode) throws Exception {
        ScriptedLlm llm = ScriptedLlm.answering(StageCompositionTest::questionOnly);
        List<SftRecord> records = new ArrayList<>();
        RunSummary summary = AugCon.builder().llm(llm).contextSplitter(HALVES).tree(t -> t.withSplitMode(mode)).build()
                .run(AugConPipelineTest.corpus().stream(), records::add);

        assertThat(records).isNotEmpty();
        assertThat(records).extracting(SftRecord::depth).contains(0, 1);
        assertThat(summary.nodeFailures()).isEmpty();
        assertThat(summary.reasks()).isZero();
        List<LlmRequest> tree = llm.requests().stream().filter(r -> "cst".equals(r.stage())).toList();
        assertThat(tree).hasSize((int) summary.nodesExpanded());
        assertThat(tree).allSatisfy(r -> assertThat(r.prompt())
                .startsWith(QuestionPrompt.defaults(r.prompt().contains("问题：") ? Language.ZH : Language.EN).instruction())
                .doesNotContain("Context 1:", "上下文1：", "Sentences:", "句子："));
    }

    @Test
    void withAReplacedGeneratorTheModelIsStillAskedForTheSplitWithTheJointPrompt() throws Exception {
        QueryGenerator mine = new QueryGenerator() {
            @Override
            public CompletionStage<Optional<String>> generate(ContextNode node, long seed) {
                return CompletableFuture.completedFuture(Optional.of("What is said about " + node.text().substring(0, Math.min(20, node.text().length())) + "?"));
            }

            @Override
            public String id() {
                return "mine";
            }
        };
        ScriptedLlm llm = ScriptedLlm.immediate();
        List<SftRecord> records = new ArrayList<>();
        RunSummary summary = AugCon.builder().llm(llm).queryGenerator(mine).build()
                .run(AugConPipelineTest.corpus().stream(), records::add);

        assertThat(records).isNotEmpty().allSatisfy(r -> assertThat(r.query()).startsWith("What is said about "));
        assertThat(summary.nodeFailures()).isEmpty();
        List<LlmRequest> tree = llm.requests().stream().filter(r -> "cst".equals(r.stage())).toList();
        assertThat(tree).isNotEmpty().allSatisfy(r -> assertThat(r.prompt())
                .startsWith(CstPrompt.defaults(r.prompt().contains("问题：") ? Language.ZH : Language.EN).instruction()));
    }
}
