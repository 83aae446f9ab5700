package io.augcon.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.api.Document;
import io.augcon.core.event.InputDropped;
import io.augcon.core.event.PipelineListener;
import io.augcon.core.filter.Quota;
import io.augcon.core.run.DropCount;
import io.augcon.core.run.RunSummary;
import io.augcon.testkit.ScriptedLlm;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Every piece of input a run discards is counted by reason, and a run without records says why. */
class DroppedInputTest {
    static final String FIRST = "Tides rise and fall twice a day on most coasts.";
    static final String SECOND = "The Moon pulls the ocean toward it as the Earth turns.";
    static final String THIRD = "The Sun adds a smaller pull of its own, about half as strong.";
    /** Three paragraphs of 47, 54 and 61 characters: each at most the default floor of 100. */
    static final String SHORT_PARAGRAPHS = FIRST + "\n\n" + SECOND + "\n\n" + THIRD + "\n";
    static final long SHORT_CHARS = FIRST.length() + SECOND.length() + THIRD.length();

    private static Generated generate(AugConBuilder builder, Document... documents) throws InterruptedException {
        return builder.llm(ScriptedLlm.immediate()).build().generate(List.of(documents));
    }

    @Test
    void shortParagraphsAreCountedNamedAndGivenAsTheReasonForNoRecords() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        AugConBuilder builder = AugCon.builder().listener(new PipelineListener() {
            @Override
            public void inputDropped(InputDropped dropped) {
                events.add(dropped.reason().key() + " " + dropped.id() + " " + dropped.count());
            }

            @Override
            public void documentRead(Document document, int roots) {
                events.add("read " + document.id() + " " + roots);
            }
        });

        Generated out = generate(builder, Document.of("notes", SHORT_PARAGRAPHS));

        assertThat(out.records()).isEmpty();
        RunSummary summary = out.summary();
        assertThat(summary.dropped()).isEqualTo(Map.of(
                "short_paragraph", new DropCount(3, SHORT_CHARS),
                "empty_document", new DropCount(1, SHORT_PARAGRAPHS.length())));
        assertThat(events).containsExactly("short_paragraph notes 3", "empty_document notes 1", "read notes 0");
        assertThat(summary.format()).contains("input dropped: empty_document 1 (" + SHORT_PARAGRAPHS.length()
                + " chars), short_paragraph 3 (" + SHORT_CHARS + " chars)");
        assertThat(summary.whyEmpty()).hasValue("no records: no root context was cut from 1 document: all 3 paragraphs ("
                + SHORT_CHARS + " chars) were at most min_paragraph_chars long (--min-paragraph-chars,"
                + " CorpusConfig.minParagraphChars; default 100)");
        assertThat(summary.format()).endsWith(summary.whyEmpty().orElseThrow());
    }

    @Test
    void aLowerMinParagraphCharsKeepsTheShortParagraphs() throws Exception {
        Generated out = generate(AugCon.builder().corpus(c -> c.withMinParagraphChars(20)),
                Document.of("notes", SHORT_PARAGRAPHS));

        assertThat(out.summary().roots()).isEqualTo(3);
        assertThat(out.records()).isNotEmpty();
        assertThat(out.summary().dropped()).isEmpty();
        assertThat(out.summary().whyEmpty()).isEmpty();
        assertThat(out.summary().format()).contains("input dropped: none").doesNotContain("no records");
    }

    @Test
    void generateOnAOneLineDocumentReturnsTheSummaryThatSaysWhyInOneLine() throws Exception {
        Generated out = generate(AugCon.builder(), Document.of("line", FIRST));

        assertThat(out.records()).isEmpty();
        assertThat(out.summary().documents()).isEqualTo(1);
        assertThat(out.summary().whyEmpty()).hasValueSatisfying(why -> assertThat(why)
                .isEqualTo("no records: no root context was cut from 1 document: the one paragraph (" + FIRST.length()
                        + " chars) was at most min_paragraph_chars long (--min-paragraph-chars,"
                        + " CorpusConfig.minParagraphChars; default 100)")
                .doesNotContain("\n"));
    }

    @Test
    void documentsThatGiveNoRootAreCountedAsEmpty() throws Exception {
        String headings = "# Tides\n\n## Spring and neap\n";
        Generated out = generate(AugCon.builder(), Document.of("blank", ""), Document.of("headings", headings),
                Document.of("tides", AugConPipelineTest.TIDES));

        assertThat(out.records()).isNotEmpty();
        assertThat(out.summary().dropped()).isEqualTo(Map.of("empty_document", new DropCount(2, headings.length()),
                "markup", new DropCount(2, "# Tides".length() + "## Spring and neap".length())));
        assertThat(out.summary().documents()).isEqualTo(3);
    }

    @Test
    void documentsOfNoProseAreTheReasonWhenNothingElseWasRead() throws Exception {
        Generated out = generate(AugCon.builder(), Document.of("blank", " \n\n"), Document.of("code", "```\nx = 1\n```\n"));

        assertThat(out.summary().whyEmpty()).hasValue("no records: no root context was cut from 2 documents:"
                + " they held no prose, only 3 lines of markup (headings, tables, rules and code)");
        assertThat(generate(AugCon.builder(), Document.of("blank", " \n\n")).summary().whyEmpty())
                .hasValue("no records: no root context was cut from 1 document: they were empty");
    }

    @Test
    void markupLinesAreCountedByLineAndTheProseAroundThemStillMakesRoots() throws Exception {
        String heading = "# Tides";
        String table = "| coast | range |\n|---|---|\n| Fundy | 16 m |";
        String code = "```\nrange = high - low\n```";
        String rule = "---";
        String text = heading + "\n\n" + AugConPipelineTest.TIDES + "\n\n" + table + "\n\n  " + code + "\n" + rule + "\n";
        List<String> events = new CopyOnWriteArrayList<>();
        Generated out = generate(AugCon.builder().listener(new PipelineListener() {
            @Override
            public void inputDropped(InputDropped dropped) {
                events.add(dropped.reason().key() + " " + dropped.id() + " " + dropped.count() + " " + dropped.chars());
            }
        }), Document.of("tides", text));

        long markupChars = heading.length() + table.replace("\n", "").length() + code.replace("\n", "").length()
                + rule.length();
        assertThat(events).containsExactly("markup tides 8 " + markupChars);
        assertThat(out.summary().dropped()).isEqualTo(Map.of("markup", new DropCount(8, markupChars)));
        assertThat(out.summary().format()).contains("input dropped: markup 8 (" + markupChars + " chars)");
        assertThat(out.records()).isNotEmpty();
    }

    @Test
    void rootsTooShortToOweAPairAreDroppedInputUnderTheirOwnName() throws Exception {
        Generated out = generate(AugCon.builder().selection(s -> s.withQuota(Quota.perChars(10_000))),
                Document.of("tides", AugConPipelineTest.TIDES));

        RunSummary summary = out.summary();
        assertThat(summary.roots()).isPositive().isEqualTo(summary.rootsWithoutQuota());
        assertThat(summary.dropped()).isEqualTo(Map.of("root_without_quota",
                new DropCount(summary.roots(), AugConPipelineTest.TIDES.length())));
        assertThat(summary.whyEmpty()).hasValue("no records: all " + summary.roots()
                + " root contexts were too short to owe a pair (the quota: --chars-per-pair, SelectionConfig.quota)");
    }
}
