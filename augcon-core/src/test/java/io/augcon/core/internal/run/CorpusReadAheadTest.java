package io.augcon.core.internal.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.api.Document;
import io.augcon.api.Language;
import io.augcon.api.RootContext;
import io.augcon.core.filter.Quota;
import io.augcon.core.respond.CorpusOutlook;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When a run's corpus outlook settles, and on what. */
class CorpusReadAheadTest {
    /** One pair per 10 characters: a root of {@code chars} characters owes {@code chars / 10}. */
    private static final Quota QUOTA = Quota.perChars(10);

    private static List<RootContext> roots(Language language, int... chars) {
        return java.util.Arrays.stream(chars)
                .mapToObj(n -> new RootContext("d#" + n, "d", 0, 0, 0, n, "x".repeat(n), language))
                .toList();
    }

    private static CorpusReadAhead readAhead(int window) {
        return new CorpusReadAhead(window, QUOTA, Runnable::run);
    }

    @Test
    void theEndOfTheStreamSettlesTheWholeJobsPairsByLanguage() {
        CorpusReadAhead readAhead = readAhead(64);
        Iterator<Document> documents = readAhead.watch(List.of(Document.of("a", "x"), Document.of("b", "y")).iterator());
        documents.next();
        readAhead.read(roots(Language.EN, 100, 50));
        documents.next();
        readAhead.read(roots(Language.ZH, 30));
        assertThat(readAhead.outlook()).isNotDone();

        assertThat(documents.hasNext()).isFalse();
        assertThat(readAhead.outlook().join()).isEqualTo(new CorpusOutlook(Map.of(Language.EN, 15L, Language.ZH, 3L), true));
    }

    @Test
    void aDocumentThatTakesTheRootsPastTheWindowSettlesWhatWasReadAsPartial() {
        CorpusReadAhead readAhead = readAhead(2);
        readAhead.read(roots(Language.EN, 100, 100));
        assertThat(readAhead.outlook()).as("two roots fit a window of two").isNotDone();
        readAhead.read(roots(Language.EN, 100));
        assertThat(readAhead.outlook().join()).isEqualTo(new CorpusOutlook(Map.of(Language.EN, 30L), false));

        readAhead.read(roots(Language.EN, 100));
        readAhead.stopped();
        assertThat(readAhead.outlook().join().pairsOwed(Language.EN)).as("settled once").isEqualTo(30);
    }

    @Test
    void feedingThatStopsEarlySettlesWhatWasReadAsPartial() {
        CorpusReadAhead readAhead = readAhead(64);
        readAhead.read(roots(Language.ZH, 40));
        readAhead.stopped();
        assertThat(readAhead.outlook().join()).isEqualTo(new CorpusOutlook(Map.of(Language.ZH, 4L), false));
    }
}
