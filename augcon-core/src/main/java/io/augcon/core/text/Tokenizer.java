package io.augcon.core.text;

import com.huaban.analysis.jieba.JiebaSegmenter;
import com.huaban.analysis.jieba.SegToken;
import io.augcon.api.Language;
import io.augcon.core.internal.QuietLoad;
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
     * at once for English; for Chinese when jieba's dictionary is loaded. The first call for
     * Chinese starts that load on a thread of its own. The load took 1.2 to 11 s on the project's
     * loaded 2-core machine (the throughput and memory runs); a pipeline that waited for it
     * inside its CPU threads stalled every tree, English ones included, for that long, so it
     * waits on this stage instead.
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
     * for it: jieba's dictionary and HMM model for Chinese (1 to 11 s, see {@link #ready});
     * empty for English, which loads nothing, and before the load has finished.
     */
    public static Optional<Duration> loadTime(Language language) {
        Objects.requireNonNull(language, "language");
        CompletableFuture<Void> ready = JIEBA_READY.get();
        if (language != Language.ZH || ready == null || !ready.isDone() || ready.isCompletedExceptionally()) {
            return Optional.empty();
        }
        return Optional.of(Jieba.LOADED.took());
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
        List<SegToken> segments = Jieba.SEGMENTER.process(text, JiebaSegmenter.SegMode.SEARCH);
        List<String> out = new ArrayList<>(segments.size());
        for (SegToken segment : segments) {
            String word = segment.word;
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
     * Holds the one jieba segmenter. A holder class, because loading jieba's dictionary takes
     * about a second and should happen only when Chinese text first appears; the JVM's class
     * initialisation makes that load happen once even when many threads arrive together.
     *
     * <p>No lock around {@code process}: in jieba-analysis 1.0.2 the segmenter has no instance
     * state, the dictionary trie and HMM tables are static and only read after they are
     * loaded, and every DAG, route and result is a local of the call (checked in its bytecode;
     * {@code TokenizerTest} also runs it from several threads). The version is pinned in the
     * parent POM; a new version needs that check again.
     *
     * <p>{@code SegMode.SEARCH} is jieba's accurate mode (Python's {@code jieba.cut}, which the
     * reference's ROUGE uses); {@code SegMode.INDEX} would add overlapping sub-words and
     * inflate matches.
     */
    private static final class Jieba {
        /** Loaded quietly: jieba prints two timing lines on {@code System.out}, which is the application's. */
        static final QuietLoad.Loaded<JiebaSegmenter> LOADED = QuietLoad.run(JiebaSegmenter::new);
        static final JiebaSegmenter SEGMENTER = LOADED.value();
    }
}
