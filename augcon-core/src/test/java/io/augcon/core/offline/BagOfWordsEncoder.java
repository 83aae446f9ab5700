package io.augcon.core.offline;

import io.augcon.api.TextEncoder;
import io.augcon.core.text.Tokenizer;
import io.augcon.api.Language;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small deterministic encoder for tests: hashed bag of lower-cased content words, unit length.
 * Texts that share words are similar; texts that share none are orthogonal (up to hash clashes).
 */
final class BagOfWordsEncoder implements TextEncoder {
    private static final int DIM = 256;
    final AtomicInteger textsEncoded = new AtomicInteger();

    @Override
    public float[][] encode(List<String> texts) {
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < texts.size(); i++) {
            textsEncoded.incrementAndGet();
            float[] v = new float[DIM];
            String text = texts.get(i);
            Language lang = text.codePoints().anyMatch(c -> c >= 0x4E00 && c <= 0x9FFF) ? Language.ZH : Language.EN;
            for (String token : Tokenizer.tokens(text, lang)) {
                if (token.length() > 3 || lang == Language.ZH && token.length() > 1) {
                    v[Math.floorMod(token.hashCode(), DIM)] += 1;
                }
            }
            double norm = 0;
            for (float x : v) {
                norm += x * x;
            }
            if (norm > 0) {
                for (int k = 0; k < DIM; k++) {
                    v[k] /= (float) Math.sqrt(norm);
                }
            }
            out[i] = v;
        }
        return out;
    }

    @Override
    public String id() {
        return "bag-of-words-test";
    }
}
