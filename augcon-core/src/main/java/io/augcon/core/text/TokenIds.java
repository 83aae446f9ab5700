package io.augcon.core.text;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A growing token-to-int dictionary, so that texts compared many times (each candidate query
 * against every kept one) are hashed once and then compared as {@code int[]} by
 * {@link RougeL#score(int[], int[])}. Ids only mean something within one dictionary: compare
 * arrays made by the same instance.
 *
 * <p>Not thread-safe, on purpose: a dictionary lives for one filtering run of one root context,
 * which one thread performs; sharing one across threads would make ids depend on timing.
 *
 * <pre>{@code
 * TokenIds vocabulary = new TokenIds();
 * int[] a = Tokenizer.ids("What is ROUGE-L?", Language.EN, vocabulary);
 * int[] b = Tokenizer.ids("What does ROUGE-L measure?", Language.EN, vocabulary);
 * RougeScore s = RougeL.score(a, b);
 * }</pre>
 */
public final class TokenIds {

    private final Map<String, Integer> ids = new HashMap<>();

    /** Creates an empty dictionary. */
    public TokenIds() {
    }

    /** The id of {@code token}, assigning the next free one (0, 1, 2...) on first sight. */
    public int id(String token) {
        Objects.requireNonNull(token, "token");
        Integer known = ids.get(token);
        if (known != null) {
            return known;
        }
        int next = ids.size();
        ids.put(token, next);
        return next;
    }

    /** The ids of {@code tokens}, in order; equal tokens get equal ids. */
    public int[] ids(List<String> tokens) {
        int[] out = new int[tokens.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = id(tokens.get(i));
        }
        return out;
    }

    /** How many distinct tokens have been seen: useful to size per-token tables. */
    public int size() {
        return ids.size();
    }
}
