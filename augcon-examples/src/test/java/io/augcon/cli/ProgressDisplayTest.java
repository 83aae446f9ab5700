package io.augcon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.api.Document;
import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.core.AugCon;
import io.augcon.core.AugConBuilder;
import io.augcon.core.run.RunCounters;
import io.augcon.core.run.RunSummary;
import io.augcon.testkit.ScriptedLlm;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
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
    private static final LlmRequest REQUEST = LlmRequest.builder().prompt("Question:").stage("cst").build();

    @Test
    void withoutATerminalTheRunPrintsPlainLinesAndAddsNoBar() {
        AugConBuilder builder = AugCon.builder().llm(ScriptedLlm.immediate());
        try (ProgressDisplay display = ProgressDisplay.attach(builder, new RunCounters(),
                new PrintWriter(new StringWriter()), false, null)) {
            assertThat(display).isInstanceOf(ProgressPrinter.class);
        }
        assertThat(builder.build().listeners()).singleElement().isInstanceOf(LastFailure.class);
    }

    @Test
    void whileTheBreakerPausesThePlainLineShowsTheLastFailureBesidePaused() {
        AugConBuilder builder = AugCon.builder().llm(ScriptedLlm.immediate());
        RunCounters counters = new RunCounters();
        try (ProgressDisplay display = ProgressDisplay.attach(builder, counters, new PrintWriter(new StringWriter()), false, null)) {
            ProgressPrinter printer = (ProgressPrinter) display;
            LastFailure heard = (LastFailure) builder.build().listeners().get(0);
            heard.llmCallDone(REQUEST, null, new LlmException(LlmException.Kind.CONNECTION, "cannot connect to http://127.0.0.1:9/v1"), 0);
            assertThat(printer.line()).doesNotContain("PAUSED");

            counters.circuitOpened(1.0, Duration.ofSeconds(5));
            heard.llmCallDone(REQUEST, null, LlmException.forStatus(503, "HTTP 503 from http://h/v1/chat/completions: overloaded"), 0);
            assertThat(printer.line()).contains(" | PAUSED (last failure: HTTP 503 from http://h/v1/chat/completions: overloaded) | ");
        }
    }

    @Test
    void onATerminalThePausedBarShowsTheLastFailureAndClearsItWhenRequestsFlowAgain() {
        AugConBuilder builder = AugCon.builder().llm(ScriptedLlm.immediate());
        try (ProgressDisplay display = ProgressDisplay.attach(builder, new RunCounters(), new PrintWriter(new StringWriter()),
                true, new DelegatingProgressBarConsumer(frame -> { }, 120))) {
            ProgressBarDisplay bar = (ProgressBarDisplay) display;
            LastFailure heard = (LastFailure) builder.build().listeners().get(0);
            heard.llmCallDone(REQUEST, null, new LlmException(LlmException.Kind.CONNECTION, "cannot connect to http://127.0.0.1:9/v1"), 0);
            bar.circuitOpened(1.0, Duration.ofSeconds(5));
            assertThat(bar.extraMessage()).isEqualTo("PAUSED (last failure: cannot connect to http://127.0.0.1:9/v1)");
            bar.circuitClosed(Duration.ofSeconds(5));
            assertThat(bar.extraMessage()).isEmpty();
        }
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
            assertThat(builder.build().listeners()).hasSize(2).contains(bar);
            summary = builder.build().run(Stream.of(CORPUS.get(0)), record -> { });
            assertThat(bar.current()).isEqualTo(summary.records()).isPositive();
            assertThat(bar.max()).isEqualTo(summary.quota());
        }
        String last = frames.get(frames.size() - 1);
        assertThat(last).contains("augcon", summary.records() + "/" + summary.quota() + " records", "records/s");
    }
}
