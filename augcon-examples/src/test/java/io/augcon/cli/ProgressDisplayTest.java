package io.augcon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.api.Document;
import io.augcon.core.AugCon;
import io.augcon.core.AugConBuilder;
import io.augcon.core.run.RunCounters;
import io.augcon.core.run.RunSummary;
import io.augcon.testkit.ScriptedLlm;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import org.junit.jupiter.api.Test;

/** The progress display is chosen by whether stderr is a terminal; tested without one. */
class ProgressDisplayTest {
    private static final List<Document> CORPUS = List.of(Document.of("tides",
            "Tides rise and fall twice a day on most coasts of the world. The Moon pulls the ocean toward it as the"
                    + " Earth turns beneath it. The Sun adds a smaller pull of its own, about half as strong."));

    @Test
    void withoutATerminalTheRunPrintsPlainLinesAndAddsNoBar() {
        AugConBuilder builder = AugCon.builder().llm(ScriptedLlm.immediate());
        try (ProgressDisplay display = ProgressDisplay.attach(builder, new RunCounters(),
                new PrintWriter(new StringWriter()), false, null)) {
            assertThat(display).isInstanceOf(ProgressPrinter.class);
        }
        assertThat(builder.build().listeners()).isEmpty();
    }

    @Test
    void onATerminalABarCountsRecordsAgainstTheQuotaAndShowsTheRate() throws Exception {
        List<String> frames = new CopyOnWriteArrayList<>();
        AugConBuilder builder = AugCon.builder().llm(ScriptedLlm.immediate());
        RunSummary summary;
        ProgressBarDisplay bar;
        try (ProgressDisplay display = ProgressDisplay.attach(builder, new RunCounters(),
                new PrintWriter(new StringWriter()), true, new DelegatingProgressBarConsumer(frames::add, 120))) {
            assertThat(display).isInstanceOf(ProgressBarDisplay.class);
            bar = (ProgressBarDisplay) display;
            assertThat(builder.build().listeners()).containsExactly(bar);
            summary = builder.build().run(Stream.of(CORPUS.get(0)), record -> { });
            assertThat(bar.current()).isEqualTo(summary.records()).isPositive();
            assertThat(bar.max()).isEqualTo(summary.quota());
        }
        String last = frames.get(frames.size() - 1);
        assertThat(last).contains("augcon", summary.records() + "/" + summary.quota() + " records", "records/s");
    }
}
