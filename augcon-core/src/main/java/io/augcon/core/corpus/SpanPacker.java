package io.augcon.core.corpus;

import io.augcon.api.Language;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Packs sentences greedily into chunks of at most {@code max} characters, as the reference does.
 *
 * <p>A sentence that alone exceeds the limit (legal text, tables flattened into prose) is cut at
 * clause marks, the next-best boundary for meaning, with the clauses packed greedily; a clause
 * still too long is cut hard, for English at the last whitespace so no word is torn. All spans
 * are in one normalised paragraph, where whitespace separates pieces, so a chunk's length is its
 * span's length.
 */
final class SpanPacker {

    private final int max;
    private final Language language;

    SpanPacker(int max, Language language) {
        this.max = max;
        this.language = language;
    }

    /** Chunks of {@code text} covering all of {@code sentences}, each at most {@code max} long. */
    List<TextSpan> pack(String text, List<TextSpan> sentences) {
        return packGreedily(sentences,
                sentence -> packGreedily(clauses(text, sentence), clause -> hardCut(text, clause)));
    }

    private List<TextSpan> packGreedily(List<TextSpan> pieces, Function<TextSpan, List<TextSpan>> cutOversize) {
        List<TextSpan> chunks = new ArrayList<>();
        TextSpan open = null;
        for (TextSpan piece : pieces) {
            if (open != null && piece.end() - open.start() <= max) {
                open = new TextSpan(open.start(), piece.end());
                continue;
            }
            if (open != null) {
                chunks.add(open);
                open = null;
            }
            if (piece.length() > max) {
                chunks.addAll(cutOversize.apply(piece));
            } else {
                open = piece;
            }
        }
        if (open != null) {
            chunks.add(open);
        }
        return chunks;
    }

    /** The clauses of {@code sentence}: cut after ，；：、 and after , ; : – - — used as breaks. */
    static List<TextSpan> clauses(String text, TextSpan sentence) {
        List<TextSpan> clauses = new ArrayList<>();
        int clauseStart = sentence.start();
        for (int i = sentence.start(); i < sentence.end(); i++) {
            if (isClauseEnd(text, i, sentence.end())) {
                TextSpan.addTrimmed(clauses, text, clauseStart, i + 1);
                clauseStart = i + 1;
            }
        }
        TextSpan.addTrimmed(clauses, text, clauseStart, sentence.end());
        return clauses;
    }

    private static boolean isClauseEnd(String text, int i, int end) {
        char c = text.charAt(i);
        boolean spaceAfter = i + 1 == end || Character.isWhitespace(text.charAt(i + 1));
        return switch (c) {
            case '，', '；', '：', '、' -> true;
            case '—' -> i + 1 == end || text.charAt(i + 1) != '—';
            case ',', ';', ':', '–' -> spaceAfter;
            case '-' -> spaceAfter && i > 0 && Character.isWhitespace(text.charAt(i - 1));
            default -> false;
        };
    }

    /** Cuts {@code clause} into pieces of at most {@code max}, at whitespace for English. */
    private List<TextSpan> hardCut(String text, TextSpan clause) {
        List<TextSpan> pieces = new ArrayList<>();
        int start = clause.start();
        while (clause.end() - start > max) {
            int limit = start + max;
            if (Character.isLowSurrogate(text.charAt(limit)) && limit - 1 > start) {
                limit--;
            }
            int cut = language == Language.EN ? lastWhitespace(text, start, limit) : -1;
            int end = cut > start ? cut : limit;
            TextSpan.addTrimmed(pieces, text, start, end);
            start = SentenceSplitter.skipWhitespace(text, end);
        }
        TextSpan.addTrimmed(pieces, text, start, clause.end());
        return pieces;
    }

    /** The last whitespace in {@code (start, limit]}, or -1; cutting there keeps words whole. */
    private static int lastWhitespace(String text, int start, int limit) {
        for (int i = limit; i > start; i--) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
