package io.augcon.scorer;

import io.augcon.core.scoring.QueryPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A separable synthetic task that plain cosine cannot solve. Contexts are random sets of topic
 * words. The positive asks about three of the context's words ("why ..."). Negatives, in turn:
 * the same kind of question about another context's words; the context copied verbatim (cosine
 * 1.0, so the cosine baseline prefers it); and a generic question.
 */
final class SyntheticPairs {
    private SyntheticPairs() {}

    static List<QueryPair> make(int contexts, int pairsPerContext, long seed) {
        Random random = new Random(seed);
        List<List<String>> words = new ArrayList<>();
        for (int c = 0; c < contexts; c++) {
            List<String> w = new ArrayList<>();
            for (int k = 0; k < 8; k++) {
                w.add("t" + random.nextInt(400));
            }
            words.add(w);
        }
        String[] generic = {"what is this about", "tell me more", "can you explain", "what does it say"};
        List<QueryPair> pairs = new ArrayList<>();
        for (int c = 0; c < contexts; c++) {
            List<String> w = words.get(c);
            String context = String.join(" ", w) + ".";
            for (int p = 0; p < pairsPerContext; p++) {
                String positive = "why " + pick(w, random) + " and " + pick(w, random) + " with " + pick(w, random) + "?";
                String negative;
                switch ((c * pairsPerContext + p) % 3) {
                    case 0: {
                        List<String> other = words.get((c + 1 + random.nextInt(contexts - 1)) % contexts);
                        negative = "why " + pick(other, random) + " and " + pick(other, random) + " with " + pick(other, random) + "?";
                        break;
                    }
                    case 1:
                        negative = context;
                        break;
                    default:
                        negative = generic[random.nextInt(generic.length)] + "?";
                        break;
                }
                if (!negative.equals(positive)) {
                    pairs.add(new QueryPair(context, positive, negative, "user"));
                }
            }
        }
        return pairs;
    }

    private static String pick(List<String> words, Random random) {
        return words.get(random.nextInt(words.size()));
    }
}
