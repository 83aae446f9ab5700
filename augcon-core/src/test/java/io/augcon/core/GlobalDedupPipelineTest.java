package io.augcon.core;

import static org.assertj.core.api.Assertions.assertThat;
import io.augcon.core.event.NearDuplicate;

import io.augcon.api.Document;
import io.augcon.api.SftRecord;
import io.augcon.core.event.PipelineListener;
import io.augcon.core.filter.MinHashIndex;
import io.augcon.core.output.RecordSink;
import io.augcon.core.run.RunSummary;
import io.augcon.core.text.Tokenizer;
import io.augcon.testkit.ScriptedLlm;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GlobalDedupPipelineTest {
    /** The same paragraph in two documents: its trees ask the same questions twice. */
    private static final List<Document> REPEATED = List.of(
            Document.of("first", AugConPipelineTest.TIDES),
            Document.of("second", AugConPipelineTest.TIDES),
            Document.of("bread", AugConPipelineTest.BREAD));

    private record Outcome(List<SftRecord> records, RunSummary summary, List<NearDuplicate> drops) {}

    private static Outcome run(boolean globalDedup) throws Exception {
        List<SftRecord> records = new ArrayList<>();
        List<NearDuplicate> drops = new ArrayList<>();
        AugCon augcon = AugCon.builder().llm(ScriptedLlm.immediate()).selection(s -> s.withGlobalDedup(globalDedup))
                .listener(new PipelineListener() {
                    @Override
                    public void recordDroppedAsDuplicate(SftRecord record, NearDuplicate duplicate) {
                        drops.add(duplicate);
                    }
                }).build();
        RunSummary summary = augcon.run(REPEATED.stream(), new RecordSink() {
            @Override
            public void write(SftRecord record) {
                records.add(record);
            }
        });
        return new Outcome(records, summary, drops);
    }

    @Test
    void offByDefaultSoARepeatedParagraphGivesItsQuestionsTwice() throws Exception {
        Outcome plain = run(false);
        assertThat(plain.summary().crossRootDuplicates()).isZero();
        assertThat(plain.records().stream().filter(r -> r.documentId().equals("second"))).isNotEmpty();
    }

    @Test
    void onItDropsTheLaterRootsNearDuplicatesAndCountsThem() throws Exception {
        Outcome plain = run(false);
        Outcome deduped = run(true);

        long secondBefore = plain.records().stream().filter(r -> r.documentId().equals("second")).count();
        long secondAfter = deduped.records().stream().filter(r -> r.documentId().equals("second")).count();
        assertThat(secondAfter).isLessThan(secondBefore);
        assertThat(deduped.summary().crossRootDuplicates())
                .isEqualTo(plain.records().size() - deduped.records().size())
                .isEqualTo(deduped.drops().size());
        assertThat(deduped.summary().format()).contains("cross-root duplicates dropped " + deduped.drops().size());
        assertThat(deduped.drops()).allSatisfy(d -> assertThat(d.duplicateOfRoot()).startsWith("first#"));
        List<SftRecord> kept = deduped.records();
        for (int i = 0; i < kept.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (!kept.get(i).rootId().equals(kept.get(j).rootId())) {
                    assertThat(jaccard(kept.get(i), kept.get(j))).as("%s vs %s", kept.get(i).query(), kept.get(j).query())
                            .isLessThan(0.7);
                }
            }
        }
    }

    private static double jaccard(SftRecord a, SftRecord b) {
        return MinHashIndex.jaccard(MinHashIndex.shingles(Tokenizer.tokens(a.query(), a.language())),
                MinHashIndex.shingles(Tokenizer.tokens(b.query(), b.language())));
    }
}
