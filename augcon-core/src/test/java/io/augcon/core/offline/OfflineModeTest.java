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
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import io.augcon.core.offline.PartOfSpeechTagger.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    /** The tags a real tagger gives these words in the texts below. */
    static final PartOfSpeechTagger TAGGER = new DictionaryTagger(Map.ofEntries(
            Map.entry("tides", Tag.NOUN), Map.entry("coast", Tag.NOUN), Map.entry("day", Tag.NOUN),
            Map.entry("moon", Tag.PROPER_NOUN), Map.entry("sun", Tag.PROPER_NOUN), Map.entry("ocean", Tag.NOUN),
            Map.entry("spring", Tag.NOUN), Map.entry("sourdough", Tag.NOUN), Map.entry("bread", Tag.NOUN),
            Map.entry("starter", Tag.NOUN), Map.entry("wild", Tag.ADJECTIVE), Map.entry("yeast", Tag.NOUN),
            Map.entry("bakers", Tag.NOUN), Map.entry("flour", Tag.NOUN), Map.entry("water", Tag.NOUN),
            Map.entry("gas", Tag.NOUN), Map.entry("dough", Tag.NOUN), Map.entry("fermentation", Tag.VERBAL_NOUN),
            Map.entry("rise", Tag.VERB), Map.entry("fall", Tag.VERB), Map.entry("pulls", Tag.VERB),
            Map.entry("raises", Tag.VERB), Map.entry("happen", Tag.VERB), Map.entry("line", Tag.VERB),
            Map.entry("needs", Tag.VERB), Map.entry("feed", Tag.VERB), Map.entry("makes", Tag.VERB),
            Map.entry("lifts", Tag.VERB), Map.entry("takes", Tag.VERB), Map.entry("little", Tag.ADJECTIVE),
            Map.entry("force", Tag.NOUN), Map.entry("extra", Tag.ADJECTIVE), Map.entry("50", Tag.NUMBER),
            Map.entry("minutes", Tag.NOUN), Map.entry("come", Tag.VERB), Map.entry("long", Tag.ADJECTIVE),
            Map.entry("proofing", Tag.VERBAL_NOUN), Map.entry("london", Tag.PROPER_NOUN),
            Map.entry("绿茶", Tag.NOUN), Map.entry("发酵", Tag.VERBAL_NOUN), Map.entry("高温", Tag.NOUN),
            Map.entry("茶叶", Tag.NOUN), Map.entry("绿色", Tag.NOUN), Map.entry("清香", Tag.NOUN),
            Map.entry("红茶", Tag.NOUN), Map.entry("氧化", Tag.VERBAL_NOUN), Map.entry("颜色", Tag.NOUN),
            Map.entry("乌龙茶", Tag.NOUN), Map.entry("叶片", Tag.NOUN), Map.entry("边缘", Tag.NOUN),
            Map.entry("采摘", Tag.VERB), Map.entry("保持", Tag.VERB), Map.entry("揉捻", Tag.VERB),
            Map.entry("员工", Tag.NOUN), Map.entry("看清", Tag.VERB), Map.entry("各有", Tag.VERB),
            Map.entry("安排", Tag.VERBAL_NOUN), Map.entry("分工", Tag.VERBAL_NOUN), Map.entry("导师", Tag.NOUN),
            Map.entry("负责", Tag.VERB), Map.entry("解答", Tag.VERB), Map.entry("问题", Tag.NOUN),
            Map.entry("时间", Tag.NOUN), Map.entry("过长", Tag.ADJECTIVE), Map.entry("导致", Tag.VERB)));

    private static ContextNode node(String text, Language language) {
        return new RootContext("doc#0", "doc", 0, 0, 0, text.length(), text, language).node(0);
    }

    private static List<String> texts(List<KeyPhrase> phrases) {
        return phrases.stream().map(KeyPhrase::text).toList();
    }

    @Test
    void englishKeyPhrasesAreNounPhrasesOfTheText() {
        List<String> phrases = texts(KeyPhrases.extract(TWO_TOPICS, Language.EN, 5, TAGGER));
        assertThat(phrases).isNotEmpty().hasSizeLessThanOrEqualTo(5);
        String lower = TWO_TOPICS.toLowerCase(Locale.ROOT);
        assertThat(phrases).allSatisfy(p -> {
            assertThat(lower).contains(p.toLowerCase(Locale.ROOT));
            assertThat(p.split(" ")).doesNotContain("rise", "pulls", "raises", "feed", "makes", "lifts", "the Moon pulls");
        });
    }

    @Test
    void aVerbPhraseNeverBecomesTheQuestionsTopic() throws Exception {
        // The example: RAKE took "takes little force" and asked "What is the overall picture of takes little force here?"
        OfflineExpander expander = new OfflineExpander(new BagOfWordsEncoder(), TAGGER);
        ContextNode root = node("Pedalling in a low gear takes little force.", Language.EN);
        for (long seed = 0; seed < 8; seed++) {
            assertThat(expander.generate(root, seed).toCompletableFuture().get().orElseThrow()).doesNotContain("takes");
        }
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
        "The extra 50 minutes come from the long proofing.|the extra 50 minutes|QUANTITY",
        "Bakers come to London every day.|London|NAME",
        "Because of the yeast, the dough rises.|the yeast|CAUSE",
        "The long fermentation causes the sour taste.|the long fermentation|CAUSE",
        "Bakers value the long proofing.|the long proofing|PROCESS",
        "Bakers value the wild yeast.|the wild yeast|TERM"})
    void aPhraseIsOfTheKindItsWordsAndNeighboursSay(String text, String phrase, KeyPhrase.Kind kind) {
        assertThat(KeyPhrases.extract(text, Language.EN, 6, TAGGER)).contains(new KeyPhrase(phrase, kind));
    }

    @Test
    void theQuestionFormFitsThePhrasesKind() {
        QuestionForms forms = QuestionForms.of(Language.EN);
        Set<String> asked = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            asked.add(forms.ask(List.of(new KeyPhrase("fermentation", KeyPhrase.Kind.PROCESS)), false, seed).orElseThrow());
        }
        assertThat(asked).containsExactlyInAnyOrder("What is involved in fermentation?", "What is the purpose of fermentation?");
    }

    @Test
    void chineseKeyPhrasesAreNounPhrasesOfTheText() {
        List<String> phrases = texts(KeyPhrases.extract(TEA, Language.ZH, 4, TAGGER));
        assertThat(phrases).isNotEmpty().hasSizeLessThanOrEqualTo(4);
        assertThat(phrases).allSatisfy(p -> {
            assertThat(TEA).contains(p);
            assertThat(p).doesNotContain("的", "采摘", "保持", "揉捻");
        });
    }

    @Test
    void chineseVerbsAreNeverKeyPhrases() {
        List<String> phrases = texts(KeyPhrases.extract("新员工要看清各项安排，各有分工；导师负责解答新员工的问题。", Language.ZH, 6, TAGGER));
        assertThat(phrases).doesNotContain("看清", "各有", "负责", "解答").contains("导师");
    }

    @Test
    void aChinesePhraseBeforeACausalVerbIsACause() {
        assertThat(KeyPhrases.extract("发酵时间过长，导致茶叶颜色变红。", Language.ZH, 6, TAGGER))
                .contains(new KeyPhrase("发酵时间", KeyPhrase.Kind.CAUSE));
    }

    @Test
    void aTextWithoutNounsHasNoPhrasesAndNoQuestion() throws Exception {
        assertThat(KeyPhrases.extract("It is what it is.", Language.EN, 3, TAGGER)).isEmpty();
        Expansion e = new OfflineExpander(new BagOfWordsEncoder(), TAGGER).expand(node("It is what it is.", Language.EN), 1)
                .toCompletableFuture().get();
        assertThat(e.query()).isEmpty();
    }

    @Test
    void theSplitIsTheSentenceBoundaryBetweenTopicsAndBothHalvesAreExactSpans() throws Exception {
        Expansion e = new OfflineExpander(new BagOfWordsEncoder(), TAGGER).expand(node(TWO_TOPICS, Language.EN), 7)
                .toCompletableFuture().get();
        Split split = e.split().orElseThrow();
        assertThat(split.first()).startsWith("Tides rise").endsWith("line up.");
        assertThat(split.second()).startsWith("Sourdough bread").endsWith("bread dough.");
        assertThat(TWO_TOPICS).contains(split.first()).contains(split.second());
        assertThat(split.first() + " " + split.second()).isEqualTo(TWO_TOPICS);
    }

    @Test
    void chineseSplitsFallOnSentenceEnds() throws Exception {
        Split split = new OfflineExpander(new BagOfWordsEncoder(), TAGGER).expand(node(TEA, Language.ZH), 1)
                .toCompletableFuture().get().split().orElseThrow();
        assertThat(split.first()).endsWith("。");
        assertThat(split.first() + split.second()).isEqualTo(TEA);
    }

    @Test
    void aSingleSentenceIsNotSplit() throws Exception {
        Expansion e = new OfflineExpander(new BagOfWordsEncoder(), TAGGER)
                .expand(node("The Moon pulls the ocean toward it as the Earth turns.", Language.EN), 1)
                .toCompletableFuture().get();
        assertThat(e.split()).isEmpty();
        assertThat(e.query()).isPresent();
    }

    @Test
    void questionsVaryWithTheSeedAndNameTheTextsPhrases() throws Exception {
        OfflineExpander expander = new OfflineExpander(new BagOfWordsEncoder(), TAGGER);
        ContextNode child = node(TWO_TOPICS, Language.EN).child(1, "The Moon pulls the ocean toward it, which raises the tides. "
                + "Spring tides happen when the Sun and the Moon line up.");
        Set<String> questions = new HashSet<>();
        for (long seed = 0; seed < 12; seed++) {
            questions.add(expander.generate(child, seed).toCompletableFuture().get().orElseThrow());
        }
        assertThat(questions).hasSizeGreaterThan(3);
        List<String> phrases = KeyPhrases.extract(child.text(), Language.EN, 6, TAGGER).stream()
                .map(p -> p.text().toLowerCase(Locale.ROOT)).collect(Collectors.toList());
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
