package io.augcon.core.filter;

import io.augcon.api.RootContext;
import io.augcon.api.internal.Knob;
import io.augcon.core.corpus.SentenceSplitter;
import io.augcon.core.text.Tokenizer;
import java.util.Locale;
import java.util.Objects;

/**
 * How many pairs a root context should yield: gen_count(C) = floor(size(C) / per), where size is
 * counted in characters (the method's 35 characters per pair, tuned for Chinese), in words
 * (English words or jieba words), or in sentences.
 *
 * <pre>{@code
 * Quota paper = Quota.perChars(35);      // 500 characters -> 14 pairs
 * Quota english = Quota.perWords(12);    // 90 words -> 7 pairs
 * int pairs = paper.pairsFor(root);
 * }</pre>
 */
public final class Quota {
    /** What is counted. */
    public enum Unit {
        /** Characters of the root's text: the method's unit, suited to Chinese. */
        CHARS,
        /** Words as {@link Tokenizer} cuts them: English words, or jieba's words for Chinese. */
        WORDS,
        /** Sentences as {@link SentenceSplitter} cuts them. */
        SENTENCES
    }

    private final Unit unit;
    private final double per;

    private Quota(Unit unit, double per) {
        this.unit = Objects.requireNonNull(unit, "unit");
        this.per = Knob.positive(unit.name().toLowerCase(Locale.ROOT) + " per pair", per);
    }

    /** One pair per {@code chars} characters (the method: 35). */
    public static Quota perChars(double chars) {
        return new Quota(Unit.CHARS, chars);
    }

    /** One pair per {@code words} words. */
    public static Quota perWords(double words) {
        return new Quota(Unit.WORDS, words);
    }

    /** One pair per {@code per} units of {@code unit}. */
    public static Quota of(Unit unit, double per) {
        return new Quota(unit, per);
    }

    /** One pair per {@code sentences} sentences. */
    public static Quota perSentences(double sentences) {
        return new Quota(Unit.SENTENCES, sentences);
    }

    /** The number of pairs {@code root} should yield. */
    public int pairsFor(RootContext root) {
        return (int) Math.floor(size(root) / per);
    }

    /**
     * How many candidates to gather before filtering: {@code ceil(pairs * oversample)}, the
     * reference's over-generation (1.15) that leaves room for the filter to drop some.
     */
    public static int candidateTarget(int pairs, double oversample) {
        return (int) Math.ceil(pairs * oversample - 1e-9);
    }

    private int size(RootContext root) {
        switch (unit) {
            case WORDS:
                return Tokenizer.tokens(root.text(), root.language()).size();
            case SENTENCES:
                return SentenceSplitter.sentences(root.text(), root.language()).size();
            case CHARS:
            default:
                return root.text().length();
        }
    }

    /** What this quota counts in a root's text. */
    public Unit unit() {
        return unit;
    }

    /** How many units of text owe one pair (35 characters in the method); always positive. */
    public double per() {
        return per;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Quota && ((Quota) other).unit == unit && Double.compare(((Quota) other).per, per) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(unit, per);
    }

    @Override
    public String toString() {
        return "one pair per " + per + " " + unit.name().toLowerCase(Locale.ROOT);
    }
}
