package io.augcon.core.offline;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.api.CandidateQuery;
import io.augcon.api.ContextNode;
import io.augcon.api.Expansion;
import io.augcon.api.Language;
import io.augcon.api.Response;
import io.augcon.api.RootContext;
import io.augcon.api.Split;
import io.augcon.core.corpus.SentenceSplitter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OfflineModeTest {
    static final String TWO_TOPICS = "Tides rise and fall twice a day along the coast. "
            + "The Moon pulls the ocean toward it, which raises the tides. "
            + "Spring tides happen when the Sun and the Moon line up. "
            + "Sourdough bread needs a starter of wild yeast. "
            + "Bakers feed the starter flour and water every day. "
            + "The yeast makes gas that lifts the bread dough.";
    static final String TEA = "绿茶不经过发酵，采摘后很快用高温杀青，以保持茶叶的绿色和清香。"
            + "红茶则要经过充分的氧化，茶叶在揉捻后放置一段时间，颜色逐渐变红。"
            + "乌龙茶属于半发酵茶，制作时需要反复摇青，让叶片边缘先氧化。";

    private static ContextNode node(String text, Language language) {
        return new RootContext("doc#0", "doc", 0, 0, 0, text.length(), text, language).node(0);
    }

    @Test
    void englishKeyPhrasesAreContentWordsOfTheText() {
        List<String> phrases = KeyPhrases.extract(TWO_TOPICS, Language.EN, 5);
        assertThat(phrases).isNotEmpty().hasSizeLessThanOrEqualTo(5);
        String lower = TWO_TOPICS.toLowerCase(Locale.ROOT);
        assertThat(phrases).allSatisfy(p -> {
            assertThat(lower).contains(p.toLowerCase(Locale.ROOT));
            assertThat(p.toLowerCase(Locale.ROOT)).isNotIn("the", "and", "which", "it", "a", "every");
        });
    }

    @Test
    void chineseKeywordsAreWordsOfTheText() {
        List<String> phrases = KeyPhrases.extract(TEA, Language.ZH, 4);
        assertThat(phrases).isNotEmpty().hasSizeLessThanOrEqualTo(4);
        assertThat(phrases).allSatisfy(p -> {
            assertThat(TEA).contains(p);
            assertThat(p).isNotIn("的", "和", "在", "让");
        });
    }

    @Test
    void chineseNounsComeBeforeVerbsAndAdverbs() {
        List<String> phrases = KeyPhrases.extract("新员工要看清各项安排，各有分工；导师负责解答新员工的问题。", Language.ZH, 3);
        assertThat(phrases).doesNotContain("看清", "各有").contains("导师");
    }

    @Test
    void aTextWithoutContentWordsHasNoPhrasesAndNoQuestion() throws Exception {
        assertThat(KeyPhrases.extract("It is what it is.", Language.EN, 3)).isEmpty();
        Expansion e = new OfflineExpander(new BagOfWordsEncoder()).expand(node("It is what it is.", Language.EN), 1)
                .toCompletableFuture().get();
        assertThat(e.query()).isEmpty();
    }

    @Test
    void theSplitIsTheSentenceBoundaryBetweenTopicsAndBothHalvesAreExactSpans() throws Exception {
        Expansion e = new OfflineExpander(new BagOfWordsEncoder()).expand(node(TWO_TOPICS, Language.EN), 7)
                .toCompletableFuture().get();
        Split split = e.split().orElseThrow();
        assertThat(split.first()).startsWith("Tides rise").endsWith("line up.");
        assertThat(split.second()).startsWith("Sourdough bread").endsWith("bread dough.");
        assertThat(TWO_TOPICS).contains(split.first()).contains(split.second());
        assertThat(split.first() + " " + split.second()).isEqualTo(TWO_TOPICS);
    }

    @Test
    void chineseSplitsFallOnSentenceEnds() throws Exception {
        Split split = new OfflineExpander(new BagOfWordsEncoder()).expand(node(TEA, Language.ZH), 1)
                .toCompletableFuture().get().split().orElseThrow();
        assertThat(split.first()).endsWith("。");
        assertThat(split.first() + split.second()).isEqualTo(TEA);
    }

    @Test
    void aSingleSentenceIsNotSplit() throws Exception {
        Expansion e = new OfflineExpander(new BagOfWordsEncoder())
                .expand(node("The Moon pulls the ocean toward it as the Earth turns.", Language.EN), 1)
                .toCompletableFuture().get();
        assertThat(e.split()).isEmpty();
        assertThat(e.query()).isPresent();
    }

    @Test
    void questionsVaryWithTheSeedAndNameTheTextsPhrases() throws Exception {
        OfflineExpander expander = new OfflineExpander(new BagOfWordsEncoder());
        ContextNode child = node(TWO_TOPICS, Language.EN).child(1, "The Moon pulls the ocean toward it, which raises the tides. "
                + "Spring tides happen when the Sun and the Moon line up.");
        Set<String> questions = new HashSet<>();
        for (long seed = 0; seed < 12; seed++) {
            questions.add(expander.generate(child, seed).toCompletableFuture().get().orElseThrow());
        }
        assertThat(questions).hasSizeGreaterThan(3);
        List<String> phrases = KeyPhrases.extract(child.text(), Language.EN, 6).stream()
                .map(p -> p.toLowerCase(Locale.ROOT)).collect(Collectors.toList());
        assertThat(questions).allSatisfy(q -> {
            assertThat(q).endsWith("?");
            assertThat(phrases.stream().anyMatch(p -> q.toLowerCase(Locale.ROOT).contains(p))).as(q).isTrue();
        });
        assertThat(expander.generate(child, 5).toCompletableFuture().get())
                .isEqualTo(expander.generate(child, 5).toCompletableFuture().get());
    }

    @Test
    void theAnswerIsTheContextSentenceClosestToTheQuestion() throws Exception {
        ExtractiveResponder responder = new ExtractiveResponder(new BagOfWordsEncoder());
        CandidateQuery query = new CandidateQuery("What do bakers feed the starter?", node(TWO_TOPICS, Language.EN));
        Response response = responder.respond(query, 3).toCompletableFuture().get();
        assertThat(response.model()).isEqualTo("offline");
        assertThat(response.text()).contains("Bakers feed the starter flour and water every day.");
        assertThat(TWO_TOPICS).contains(response.text());
        List<String> sentences = SentenceSplitter.sentences(TWO_TOPICS, Language.EN).stream().map(s -> s.of(TWO_TOPICS)).toList();
        assertThat(sentences.stream().filter(response.text()::contains).count()).isBetween(1L, 2L);
    }

    @Test
    void theCachingEncoderEncodesEachTextOnce() {
        BagOfWordsEncoder inner = new BagOfWordsEncoder();
        CachingTextEncoder cached = new CachingTextEncoder(inner, 100);
        float[][] first = cached.encode(List.of("tides and moons", "bread and yeast"));
        float[][] second = cached.encode(List.of("bread and yeast", "tides and moons", "salt"));
        assertThat(inner.textsEncoded.get()).isEqualTo(3);
        assertThat(second[0]).containsExactly(first[1]);
        assertThat(second[1]).containsExactly(first[0]);
        assertThat(cached.id()).isEqualTo(inner.id());
    }
}
