package io.augcon.core.internal.run;

import io.augcon.core.event.NearDuplicate;
import io.augcon.api.SftRecord;
import io.augcon.core.filter.MinHashIndex;
import io.augcon.core.text.Tokenizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Removes near-duplicate questions across root contexts, which the paper's filter never
 * compares: two roots of one corpus often say the same thing (a repeated definition, a
 * boilerplate paragraph) and their trees then ask the same question. Records are offered in
 * corpus order; one whose query's shingle set has Jaccard similarity at or above the threshold
 * with a query already accepted from another root is refused, so the first occurrence in the
 * corpus stays and the output does not depend on answer timing.
 *
 * <p>Backed by a {@link MinHashIndex}, so each check costs a few bucket lookups whatever the
 * corpus size. Not thread-safe: the pipeline calls it from its one ordered writer.
 *
 * <pre>{@code
 * CrossRootDedup dedup = new CrossRootDedup(MinHashIndex.builder().threshold(0.7).build());
 * for (SftRecord r : records) {
 *     if (dedup.check(r) == null) {
 *         sink.write(r);
 *     }
 * }
 * }</pre>
 */
public final class CrossRootDedup {
    private final MinHashIndex index;
    private final Map<String, Integer> rootNumbers = new HashMap<>();
    private final List<String> rootNames = new ArrayList<>();
    private final List<String> acceptedIds = new ArrayList<>();

    /** A filter over {@code index}, which must be fresh (this filter owns it). */
    public CrossRootDedup(MinHashIndex index) {
        if (index.size() != 0) {
            throw new IllegalArgumentException("the index must be empty, it holds " + index.size() + " items");
        }
        this.index = index;
    }

    /**
     * Accepts the record (returns {@code null} and remembers its query) or refuses it as a
     * near-duplicate of an accepted record from another root.
     */
    public NearDuplicate check(SftRecord record) {
        int[] shingles = MinHashIndex.shingles(Tokenizer.tokens(record.query(), record.language()));
        int root = rootNumbers.computeIfAbsent(record.rootId(), id -> {
            rootNames.add(id);
            return rootNames.size() - 1;
        });
        MinHashIndex.Match match = index.findInOtherGroup(shingles, root);
        if (match != null) {
            return new NearDuplicate(acceptedIds.get(match.item()), rootNames.get(match.group()), match.jaccard());
        }
        index.add(shingles, root);
        acceptedIds.add(record.id());
        return null;
    }

    /** The Jaccard threshold of the index. */
    public double threshold() {
        return index.threshold();
    }
}
