package io.augcon.cli;

import io.augcon.api.Language;
import io.augcon.core.tree.SplitMode;

/**
 * What {@code --dry-run} knows of a run's shape without running it: per language and split mode,
 * tree calls per kept record and the size of each kind of call in characters. Measured with the
 * scripted model on the bundled samples at the default knobs (500-character roots, one pair per
 * 35 characters, seed 7) by {@code mvn -B -q -Psplitbench -pl augcon-llm-adapters -am test
 * -DskipTests} (its second table). A real model's trees differ (a model that splits unevenly
 * grows more nodes per record), so the estimate is an order of magnitude, not a quote.
 *
 * @param cstCallsPerRecord   tree calls per kept record (nodes grown, regrown trees included)
 * @param cstCharsIn          prompt characters per tree call
 * @param cstCharsOut         answer characters per tree call
 * @param responseCharsIn     prompt characters per answer
 * @param responseCharsOut    answer characters per answer
 * @param searchCharsIn       prompt characters per demonstration-search answer
 * @param searchCharsOut      answer characters per demonstration-search answer
 * @param judgeCharsIn        prompt characters per judgement
 * @param charsPerToken       characters per token when no tokenizer is given: the bge-small-zh
 *                            tokenizer's ratio on this language's samples
 */
record MeasuredShape(double cstCallsPerRecord, double cstCharsIn, double cstCharsOut, double responseCharsIn,
        double responseCharsOut, double searchCharsIn, double searchCharsOut, double judgeCharsIn, double charsPerToken) {

    /** Judgements are one word ("Yes." / 是). */
    static final double JUDGE_CHARS_OUT = 3;

    static MeasuredShape of(Language language, SplitMode mode) {
        boolean zh = language == Language.ZH;
        if (mode == SplitMode.NUMBERED) {
            return zh ? new MeasuredShape(1.608, 1034, 22, 1214, 43, 1108, 31, 495, 1.02)
                    : new MeasuredShape(1.786, 2931, 69, 3112, 109, 2842, 133, 1417, 3.15);
        }
        return zh ? new MeasuredShape(2.861, 1439, 82, 1213, 42, 1108, 31, 495, 1.02)
                : new MeasuredShape(2.576, 4149, 155, 3043, 84, 2842, 133, 1417, 3.15);
    }
}
