package io.augcon.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.api.Language;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TokenizerTest {

    @Test
    void englishIsReadyAtOnce() {
        assertThat(Tokenizer.ready(Language.EN)).isCompleted();
    }

    @Test
    void chineseBecomesReadyAndStaysTheSameStage() throws Exception {
        java.util.concurrent.CompletableFuture<Void> ready = Tokenizer.ready(Language.ZH);
        ready.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(Tokenizer.ready(Language.ZH)).isSameAs(ready);
        assertThat(Tokenizer.tokens("茶叶在杀青后揉捻。", Language.ZH)).contains("茶叶");
    }

    @Test
    void englishKeepsInnerApostrophesAndHyphensAndDropsPunctuation() {
        assertThat(Tokenizer.tokens("Don't use state-of-the-art GPUs!", Language.EN))
                .containsExactly("don't", "use", "state-of-the-art", "gpus");
    }

    @Test
    void englishFoldsTypographicApostrophesAndHyphens() {
        assertThat(Tokenizer.tokens("It\u2019s a well\u2010known fact", Language.EN))
                .containsExactly("it's", "a", "well-known", "fact");
    }

    @Test
    void englishDropsApostrophesAndHyphensAtWordEdges() {
        assertThat(Tokenizer.tokens("'tis the students' well--known -x y- (z)", Language.EN))
                .containsExactly("tis", "the", "students", "well", "known", "x", "y", "z");
    }

    @Test
    void englishKeepsDecimalNumbersWhole() {
        assertThat(Tokenizer.tokens("Version 3.5. Next, e.g. this", Language.EN))
                .containsExactly("version", "3.5", "next", "e", "g", "this");
    }

    @Test
    void englishOfBlankTextIsEmpty() {
        assertThat(Tokenizer.tokens(" \n\t?! ", Language.EN)).isEmpty();
    }

    @Test
    void chineseIsSegmentedIntoWordsWithoutPunctuation() {
        assertThat(Tokenizer.tokens("我爱北京天安门。", Language.ZH))
                .containsExactly("我", "爱", "北京", "天安门");
    }

    @Test
    void chineseLowerCasesLatinWordsAndKeepsNumbers() {
        assertThat(Tokenizer.tokens("Java是一种ABC编程语言，版本3.5发布于2024年！", Language.ZH))
                .containsExactly("java", "是", "一种", "abc", "编程语言", "版本", "3.5", "发布",
                        "于", "2024", "年");
    }

    @Test
    void chineseOfEmptyOrPunctuationOnlyTextIsEmpty() {
        assertThat(Tokenizer.tokens("", Language.ZH)).isEmpty();
        assertThat(Tokenizer.tokens("。，！ ……", Language.ZH)).isEmpty();
    }

    @Test
    void chineseDropsWhitespaceTokens() {
        assertThat(Tokenizer.tokens("  北京 \n 天安门  ", Language.ZH))
                .containsExactly("北京", "天安门");
    }

    @Test
    void chineseSegmentationGivesTheSameResultFromManyThreads() throws Exception {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            texts.add("第" + i + "期杂志介绍了大型细胞如何适应体积增长带来的挑战，以及微绒毛的作用。");
        }
        List<List<String>> sequential = new ArrayList<>();
        for (String text : texts) {
            sequential.add(Tokenizer.tokens(text, Language.ZH));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<String>>> parallel = new ArrayList<>();
            for (String text : texts) {
                parallel.add(pool.submit(() -> Tokenizer.tokens(text, Language.ZH)));
            }
            for (int i = 0; i < texts.size(); i++) {
                assertThat(parallel.get(i).get()).isEqualTo(sequential.get(i));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void idsGiveEqualTokensEqualIdsWithinOneVocabulary() {
        TokenIds vocabulary = new TokenIds();
        int[] a = Tokenizer.ids("The cat and the hat", Language.EN, vocabulary);
        int[] b = Tokenizer.ids("the HAT", Language.EN, vocabulary);
        assertThat(a).containsExactly(0, 1, 2, 0, 3);
        assertThat(b).containsExactly(0, 3);
        assertThat(vocabulary.size()).isEqualTo(4);
    }
}
