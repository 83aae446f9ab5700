package io.augcon.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.api.Document;
import io.augcon.api.SftRecord;
import io.augcon.core.AugCon;
import io.augcon.core.run.RunSummary;
import io.augcon.core.tree.SplitMode;
import io.augcon.llm.openai.OpenAiChatBackend;
import io.augcon.testkit.LoopbackOpenAiServer;
import io.augcon.testkit.ScriptedLlm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 13, a whole run: a server whose model cannot split one-sentence contexts (a good
 * question, the whole text as Context 1, Context 2 empty, a placeholder or left out, in varying
 * layouts; numbered, {@code Split after: n}) costs no node and no re-ask; those nodes keep their
 * questions and end their branches as degenerate splits.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LostSplitRunTest {
    private static final List<Document> CORPUS = Stream.concat(TestCorpus.DOCUMENTS.stream(), Stream.of(
            Document.of("tea", "绿茶不经过发酵，鲜叶采摘后先杀青，以高温破坏酶的活性。随后揉捻成形，再经干燥保存香气。"
                    + "红茶则要充分发酵，茶多酚氧化后汤色变红，滋味也更醇厚。乌龙茶介于两者之间，属于半发酵茶。")))
            .toList();

    @ParameterizedTest
    @EnumSource(SplitMode.class)
    void unsplittableContextsKeepTheirQuestionsWithNoReaskAndNoFailure(SplitMode mode) throws Exception {
        try (LoopbackOpenAiServer server = LoopbackOpenAiServer.builder().model("loopback")
                .handler(ScriptedLlm.answering(new LostSplitModel())).build().start()) {
            AugCon augcon = AugCon.builder()
                    .llm(OpenAiChatBackend.builder().baseUrl(server.baseUrl()).model("loopback")
                            .timeout(Duration.ofSeconds(10)).build())
                    .tree(t -> t.withSplitMode(mode))
                    .concurrency(4)
                    .seed(3)
                    .build();
            List<SftRecord> records = Collections.synchronizedList(new ArrayList<>());
            RunSummary summary = augcon.run(CORPUS.stream(), records::add);

            assertThat(summary.nodeFailures()).as("node failures").isEmpty();
            assertThat(summary.reasks()).as("re-asks").isZero();
            assertThat(summary.llmCalls().get("cst")).as("one CST call per expanded node").isEqualTo(summary.nodesExpanded());
            // Numbered, a one-sentence node is asked for its question only, so its branch ends with no split.
            String unsplit = mode == SplitMode.REWRITE ? "degenerate_split" : "no_split";
            assertThat(summary.branchEnds().getOrDefault(unsplit, 0L)).as("branches ended by unsplittable contexts")
                    .isPositive();
            assertThat(records).isNotEmpty();
        }
    }
}
