package io.augcon.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.huaban.analysis.jieba.JiebaSegmenter;
import com.huaban.analysis.jieba.SegToken;
import com.huaban.analysis.jieba.WordDictionary;
import io.augcon.api.Language;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link ChineseSegmenter} gives exactly jieba-analysis 1.0.2's words: every word of
 * {@code process(text, SegMode.SEARCH)}, in order, on the bundled Chinese samples and on tens
 * of thousands of generated strings (fixed seeds) that exercise each rule: dictionary words,
 * characters the dictionary lacks (the HMM), Latin letters of both cases, digits and decimals,
 * full-width forms, whitespace of several kinds, connectors, symbols and surrogate pairs.
 * {@link Tokenizer#tokens} is compared with what it gave when it called jieba itself.
 */
class ChineseSegmenterTest {
    private static final String SAMPLES = "../augcon-examples/samples/zh";

    private static JiebaSegmenter jieba;
    private static ChineseSegmenter ours;
    private static List<String> dictionaryWords;

    @BeforeAll
    static void load() throws Exception {
        jieba = new JiebaSegmenter();
        Tokenizer.ready(Language.ZH).get();
        ours = ChineseSegmenter.loadFromJieba();
        dictionaryWords = WordDictionary.getInstance().freqs.keySet().stream()
                .filter(w -> w != null).sorted().toList();
    }

    @Test
    void theDictionaryHoldsJiebasWordsWithJiebasLogProbabilities() {
        Map<String, Double> freqs = WordDictionary.getInstance().freqs;
        ChineseDictionary dictionary = ours.dictionary();
        assertThat(dictionary.size()).isEqualTo(freqs.size());
        for (Map.Entry<String, Double> entry : freqs.entrySet()) {
            char[] word = entry.getKey().toCharArray();
            assertThat(dictionary.contains(word, 0, word.length)).as(entry.getKey()).isTrue();
            assertThat(logProbability(dictionary, word)).as(entry.getKey()).isEqualTo(entry.getValue());
        }
        assertThat(dictionary.unknownLogProbability())
                .isEqualTo(WordDictionary.getInstance().getFreq("\u0001 no such word"));
    }

    @Test
    void theSamplesAreCutAsJiebaCutsThem() throws IOException {
        List<String> texts = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of(SAMPLES))) {
            for (Path file : files.sorted().toList()) {
                String text = Files.readString(file);
                texts.add(text);
                texts.addAll(text.lines().toList());
            }
        }
        assertThat(texts).hasSizeGreaterThan(20);
        assertSameWords(texts);
    }

    @Test
    void emptyAndOneCharTextsAreCutAsJiebaCutsThem() {
        List<String> texts = new ArrayList<>();
        texts.add("");
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            texts.add(String.valueOf((char) c));
        }
        assertSameWords(texts);
    }

    @Test
    void everyCharBetweenWordsIsCutAsJiebaCutsIt() {
        List<String> texts = new ArrayList<>();
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            texts.add("我们" + (char) c + "中国a" + (char) c + (char) c + "1");
        }
        assertSameWords(texts);
    }

    @Test
    void concatenatedDictionaryWordsAreCutAsJiebaCutsThem() {
        assertSameWords(generate(20_000, 17, 12, r -> dictionaryWords.get(r.nextInt(dictionaryWords.size()))));
    }

    @Test
    void randomChineseCharactersGoThroughTheHmmAsInJieba() {
        assertSameWords(generate(15_000, 42, 40,
                r -> String.valueOf(r.nextInt(4) == 0 ? commonChinese(r) : (char) ('\u4e00' + r.nextInt(0x9fa6 - 0x4e00)))));
    }

    @Test
    void mixedScriptsWhitespaceAndSymbolsAreCutAsJiebaCutsThem() {
        assertSameWords(generate(30_000, 2024, 15, ChineseSegmenterTest::piece));
    }

    /**
     * "ABC" where "AB" and "BC" are words of one count and "A" and "C" of another: the routes
     * A|BC and AB|C score the same to the last bit, and jieba keeps the one with the shorter
     * first word. Random text meets such ties too rarely to pin the rule.
     */
    @Test
    void routesThatTieKeepTheShorterFirstWordAsInJieba() {
        Map<String, Double> freqs = WordDictionary.getInstance().freqs;
        Map<Character, List<String>> pairsByFirst = new HashMap<>();
        for (String word : dictionaryWords) {
            if (word.length() == 2) {
                pairsByFirst.computeIfAbsent(word.charAt(0), c -> new ArrayList<>()).add(word);
            }
        }
        List<String> texts = new ArrayList<>();
        for (String ab : dictionaryWords) {
            if (ab.length() != 2 || texts.size() >= 5_000) {
                continue;
            }
            Double a = freqs.get(ab.substring(0, 1));
            for (String bc : pairsByFirst.getOrDefault(ab.charAt(1), List.of())) {
                Double c = freqs.get(bc.substring(1));
                String abc = ab + bc.charAt(1);
                if (a != null && a.equals(c) && freqs.get(ab).equals(freqs.get(bc)) && !freqs.containsKey(abc)) {
                    texts.add(abc);
                }
            }
        }
        assertThat(texts).hasSizeGreaterThan(1_000);
        assertSameWords(texts);
    }

    @Test
    void tokenizerGivesWhatItGaveWithJieba() throws IOException {
        List<String> texts = new ArrayList<>(generate(10_000, 7, 15, ChineseSegmenterTest::piece));
        try (Stream<Path> files = Files.list(Path.of(SAMPLES))) {
            for (Path file : files.sorted().toList()) {
                texts.addAll(Files.readString(file).lines().toList());
            }
        }
        for (String text : texts) {
            assertThat(Tokenizer.tokens(text, Language.ZH)).as("tokens of %s", quoted(text))
                    .isEqualTo(tokensThroughJieba(text));
        }
    }

    /** What {@code Tokenizer.tokens(text, ZH)} did before: jieba's words with word characters, lower-cased. */
    private static List<String> tokensThroughJieba(String text) {
        List<String> out = new ArrayList<>();
        for (SegToken token : jieba.process(text, JiebaSegmenter.SegMode.SEARCH)) {
            if (token.word.codePoints().anyMatch(Character::isLetterOrDigit)) {
                out.add(token.word.toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    private static void assertSameWords(List<String> texts) {
        for (String text : texts) {
            List<String> expected = jieba.process(text, JiebaSegmenter.SegMode.SEARCH).stream()
                    .map(token -> token.word).toList();
            List<String> actual = ours.words(text);
            if (!actual.equals(expected)) {
                assertThat(actual).as("words of %s", quoted(text)).isEqualTo(expected);
            }
        }
    }

    /** {@code count} texts of 1 to {@code maxParts} parts each, from a random source seeded with {@code seed}. */
    private static List<String> generate(int count, long seed, int maxParts, Function<Random, String> part) {
        Random random = new Random(seed);
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder text = new StringBuilder();
            int parts = 1 + random.nextInt(maxParts);
            for (int p = 0; p < parts; p++) {
                text.append(part.apply(random));
            }
            texts.add(text.toString());
        }
        return texts;
    }

    /** One piece of a mixed text, drawn from every class of char jieba treats differently. */
    private static String piece(Random r) {
        return switch (r.nextInt(16)) {
            case 0, 1, 2 -> dictionaryWords.get(r.nextInt(dictionaryWords.size()));
            case 3 -> String.valueOf(commonChinese(r));
            case 4 -> String.valueOf((char) ('\u4e00' + r.nextInt(0x9fa6 - 0x4e00)));
            case 5 -> ascii(r, "abcxyzABCXYZ", 1 + r.nextInt(6));
            case 6 -> ascii(r, "0123456789", 1 + r.nextInt(4)) + (r.nextBoolean() ? "." + ascii(r, "0123456789", r.nextInt(3)) : "");
            case 7 -> ascii(r, "+#&._-", 1 + r.nextInt(3));
            case 8 -> ascii(r, "ＡＢＣａｂｃ０１９．＋＃－＿！，（）～", 1 + r.nextInt(4));
            case 9 -> ascii(r, " \t\n\r\u3000\u00a0\u2003\u200b", 1 + r.nextInt(3));
            case 10 -> ascii(r, "，。！？、；：“”‘’《》【】（）…—·", 1 + r.nextInt(3));
            case 11 -> ascii(r, "$%@*/\\=<>'\"?!,:;()[]{}|~`^", 1 + r.nextInt(3));
            case 12 -> r.nextBoolean() ? "\ud83d\ude00" : "\ud840\udc00"; // an emoji; a CJK extension B char
            case 13 -> ascii(r, "\u4dff\u9fa6\u9fff\u3400\u3007\uff00\uff5f\uff5e\uff01\u3001", 1);
            case 14 -> ascii(r, "éßÄñαβЖ", 1 + r.nextInt(2));
            default -> ascii(r, "AT&Tc++C#b超t恤4s店江南style", 1 + r.nextInt(5));
        };
    }

    private static String ascii(Random r, String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    /** A char from a one-char dictionary word, so that random runs also meet known characters. */
    private static char commonChinese(Random r) {
        String word;
        do {
            word = dictionaryWords.get(r.nextInt(dictionaryWords.size()));
        } while (word.length() != 1 && r.nextInt(50) != 0);
        return word.charAt(0);
    }

    private static double logProbability(ChineseDictionary dictionary, char[] word) {
        int node = dictionary.root(word[0]);
        for (int i = 1; i < word.length; i++) {
            node = dictionary.child(node, word[i]);
        }
        return dictionary.logProbability(node);
    }

    private static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            out.append(c < 0x20 || Character.isSurrogate(c) || Character.isSpaceChar(c) && c != ' '
                    ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.append('"').toString();
    }
}
