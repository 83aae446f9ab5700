package io.augcon.core.offline;

import io.augcon.api.TextEncoder;
import io.augcon.api.internal.Knob;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Remembers the vectors of recently encoded texts. In the offline mode a sentence is encoded
 * once per run however many tree nodes contain it; the cache is bounded (least recently used
 * out) so a long run does not grow without limit.
 */
public final class CachingTextEncoder implements TextEncoder {
    private final TextEncoder delegate;
    private final Map<String, float[]> recent;

    /** A cache of at most {@code capacity} vectors in front of {@code delegate}. */
    public CachingTextEncoder(TextEncoder delegate, int capacity) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        Knob.atLeast("capacity", capacity, 1);
        this.recent = new LinkedHashMap<>(256, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public float[][] encode(List<String> texts) {
        float[][] out = new float[texts.size()][];
        Map<String, Integer> missing = new LinkedHashMap<>();
        synchronized (recent) {
            for (int i = 0; i < texts.size(); i++) {
                out[i] = recent.get(texts.get(i));
                if (out[i] == null) {
                    missing.putIfAbsent(texts.get(i), missing.size());
                }
            }
        }
        if (missing.isEmpty()) {
            return out;
        }
        float[][] fresh = delegate.encode(new ArrayList<>(missing.keySet()));
        synchronized (recent) {
            missing.forEach((text, index) -> recent.put(text, fresh[index]));
        }
        for (int i = 0; i < texts.size(); i++) {
            if (out[i] == null) {
                out[i] = fresh[missing.get(texts.get(i))];
            }
        }
        return out;
    }

    @Override
    public String id() {
        return delegate.id();
    }
}
