package io.augcon.core.text;

import io.augcon.api.Language;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Splits text into the word tokens ROUGE-L counts. The paper compares queries word by word:
 * Chinese has no spaces, so it is segmented with jieba as the reference implementation does;
 * English is cut into lower-cased words. Punctuation never counts as a token, so "Why?" and
 * "why" match.
 *
 * <p>Thread-safe: the pipeline tokenises from many threads at once.
 *
 * <pre>{@code
 * Tokenizer.tokens("Don't use state-of-the-art GPUs!", Language.EN);
 * // [don't, use, state-of-the-art, gpus]
 * Tokenizer.tokens("大型细胞如何适应？", Language.ZH);
 * // jieba words, punctuation dropped
 * }</pre>
 */
public final class Tokenizer {

    /** Completes once jieba is loaded; set by the first {@link #ready(Language)} for Chinese. */
    private static final AtomicReference<CompletableFuture<Void>> JIEBA_READY = new AtomicReference<>();

    private Tokenizer() {
    }

    /**
     * Completes when {@link #tokens} for {@code language} will not have to load anything first:
     * at once for English; for Chinese when jieba's dictionary and HMM model are read. The first
     * call for Chinese starts that load on a thread of its own. jieba-analysis's own load took
     * 1.2 to 11 s on the project's loaded 2-core machine (the throughput and memory runs), and a
     * pipeline that waited for it inside its CPU threads stalled every tree, English ones
     * included, for that long; reading the same files into {@link ChineseSegmenter} takes 0.2
     * to 0.9 s there (0.4 s of CPU), still worth waiting for on this stage instead.
     */
    public static CompletableFuture<Void> ready(Language language) {
        Objects.requireNonNull(language, "language");
        if (language != Language.ZH) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> ready = JIEBA_READY.get();
        if (ready != null) {
            return ready;
        }
        CompletableFuture<Void> mine = new CompletableFuture<>();
        if (!JIEBA_READY.compareAndSet(null, mine)) {
            return JIEBA_READY.get();
        }
        Thread loader = new Thread(() -> {
            try {
                Objects.requireNonNull(Jieba.SEGMENTER);
                mine.complete(null);
            } catch (Throwable e) {
                mine.completeExceptionally(e);
            }
        }, "augcon-jieba-load");
        loader.setDaemon(true);
        loader.start();
        return mine;
    }

    /**
     * How long loading the tokenizer for {@code language} took, once {@link #ready} has completed
     * for it: jieba's dictionary and HMM model for Chinese (0.2 to 0.9 s, see {@link #ready});
     * empty for English, which loads nothing, and before the load has finished.
     */
    public static Optional<Duration> loadTime(Language language) {
        Objects.requireNonNull(language, "language");
        CompletableFuture<Void> ready = JIEBA_READY.get();
        if (language != Language.ZH || ready == null || !ready.isDone() || ready.isCompletedExceptionally()) {
            return Optional.empty();
        }
        return Optional.of(Jieba.TOOK);
    }

    /**
     * The word tokens of {@code text}. English: runs of letters and digits, keeping an
     * apostrophe or hyphen between two word characters ("don't", "state-of-the-art") and a
     * decimal point between two digits ("3.5"); curly apostrophes and Unicode hyphens are
     * folded to ASCII so that typographic variants of one word match. Chinese: jieba's
     * accurate mode, without whitespace or punctuation tokens. Latin letters are lower-cased
     * in both.
     */
    public static List<String> tokens(String text, Language language) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(language, "language");
        return switch (language) {
            case EN -> EnglishWords.split(text);
            case ZH -> chineseWords(text);
        };
    }

    /**
     * The tokens of {@code text} as ids of {@code vocabulary}: the form
     * {@link RougeL#score(int[], int[])} compares fastest. Tokenise each text once and keep the
     * array when it will be compared more than once.
     */
    public static int[] ids(String text, Language language, TokenIds vocabulary) {
        Objects.requireNonNull(vocabulary, "vocabulary");
        return vocabulary.ids(tokens(text, language));
    }

    private static List<String> chineseWords(String text) {
        List<String> words = Jieba.SEGMENTER.words(text);
        List<String> out = new ArrayList<>(words.size());
        for (String word : words) {
            if (hasWordCharacter(word)) {
                out.add(word.toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    private static boolean hasWordCharacter(String token) {
        for (int i = 0; i < token.length(); ) {
            int cp = token.codePointAt(i);
            if (Character.isLetterOrDigit(cp)) {
                return true;
            }
            i += Character.charCount(cp);
        }
        return false;
    }

    /**
     * Holds the one Chinese segmenter. A holder class, because reading jieba's dictionary takes
     * a few hundred milliseconds and should happen only when Chinese text first appears; the
     * JVM's class initialisation makes that load happen once even when many threads arrive
     * together.
     *
     * <p>{@link ChineseSegmenter} gives the words of jieba-analysis's
     * {@code process(text, SegMode.SEARCH)}, jieba's accurate mode (Python's {@code jieba.cut},
     * which the reference's ROUGE uses), seven times faster on a 500-character root
     * (PerCallCpuBench's tokenizeRoot: 84 us with jieba-analysis, 12 us), with a ninth of its
     * heap (9 MB retained against 77 MB) and without jieba's lines on {@code System.out}. jieba's {@code SegMode.INDEX} would add overlapping
     * sub-words and inflate matches.
     */
    private static final class Jieba {
        private static final long START = System.nanoTime();
        // read on the loader thread that ready() starts, or on the first caller of tokens()
        static final ChineseSegmenter SEGMENTER = ChineseSegmenter.loadFromJieba();
        static final Duration TOOK = Duration.ofNanos(System.nanoTime() - START);
    }
}
