package io.augcon.core.corpus;

/**
 * Character classes of Chinese (and neighbouring East Asian) text. Chinese writes no spaces
 * between words, so wherever the corpus stage would insert or expect a space it asks here first.
 */
final class Cjk {

    private Cjk() {
    }

    /** A Han ideograph, in any CJK block including the supplementary planes. */
    static boolean isIdeograph(int codePoint) {
        return Character.UnicodeScript.of(codePoint) == Character.UnicodeScript.HAN;
    }

    /**
     * A character written without spaces around it: an ideograph, kana, CJK punctuation or a
     * full-width form.
     */
    static boolean isWide(int codePoint) {
        return isIdeograph(codePoint)
                || (codePoint >= 0x3000 && codePoint <= 0x30FF)
                || (codePoint >= 0xFF00 && codePoint <= 0xFFEF);
    }
}
