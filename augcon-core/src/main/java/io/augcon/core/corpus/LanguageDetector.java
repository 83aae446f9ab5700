package io.augcon.core.corpus;

import io.augcon.api.Language;
import java.util.Objects;

/**
 * Picks the prompt and sentence-rule language of a text when the corpus does not declare one.
 *
 * <p>Only the two languages the pipeline has prompts for are told apart, so a script count is
 * enough and is cheap enough to run on every document: a text is Chinese when Han ideographs make
 * up at least {@value #HAN_SHARE_PERCENT}% of its letters. Letters rather than characters are
 * counted so that punctuation, digits and spaces do not dilute the share; the threshold is well
 * below half because one ideograph carries about as much as a whole English word, so a Chinese
 * text quoting English terms keeps a Han share far above it.
 *
 * <pre>{@code
 * Language lang = LanguageDetector.detect(document.text());
 * }</pre>
 */
public final class LanguageDetector {

    /** The smallest share of Han ideographs among letters, in percent, that makes a text Chinese. */
    public static final int HAN_SHARE_PERCENT = 30;

    private LanguageDetector() {
    }

    /**
     * The language whose prompts and sentence rules fit {@code text}: {@link Language#ZH} when
     * Han ideographs make a clear share of its letters, otherwise {@link Language#EN} (also for
     * text without letters, where the choice does not matter).
     */
    public static Language detect(String text) {
        Objects.requireNonNull(text, "text");
        long letters = 0;
        long han = 0;
        int i = 0;
        while (i < text.length()) {
            int codePoint = text.codePointAt(i);
            if (Character.isLetter(codePoint)) {
                letters++;
                if (Cjk.isIdeograph(codePoint)) {
                    han++;
                }
            }
            i += Character.charCount(codePoint);
        }
        return letters > 0 && han * 100 >= letters * HAN_SHARE_PERCENT ? Language.ZH : Language.EN;
    }
}
