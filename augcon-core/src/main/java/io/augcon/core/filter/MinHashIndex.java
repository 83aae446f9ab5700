package io.augcon.core.filter;

import io.augcon.api.internal.Knob;
import java.util.Arrays;
import java.util.List;

/**
 * Finds near-duplicate queries among millions without comparing every pair: MinHash signatures
 * of each query's word shingles, bucketed by locality-sensitive hashing (LSH) bands. Two queries
 * whose shingle sets have Jaccard similarity {@code J} share at least one band bucket with
 * probability {@code 1 - (1 - J^rows)^bands}; only queries that share a bucket are compared, and
 * they are compared exactly (Jaccard of the stored shingle sets), so MinHash decides what is
 * looked at (recall) and never what counts as a duplicate (precision is exact).
 *
 * <p>Shingles are a query's word tokens and its adjacent token pairs: on questions of ten words
 * or so, pairs alone make one changed word cost too much, words alone ignore order. With the
 * default 16 bands of 4 rows a pair at {@code J = 0.7} is looked at with probability 0.988, at
 * 0.6 with 0.89, at 0.3 with 0.12: four rows rather than three keep the buckets of formulaic
 * questions ("What is the ... of ...?") small, which is what makes a million lookups affordable.
 *
 * <p>Every item belongs to a group (a root context): {@link #findInOtherGroup} only reports
 * items of another group, because within a root the paper's ROUGE-L filter has already decided.
 * A bucket walk examines at most {@link Builder#maxBucketScan(int)} of the bucket's most recent
 * items, so a bucket crowded by formulaic questions cannot make a lookup linear in the corpus.
 *
 * <p>Memory per item: its shingle hashes (4 bytes each) and about 20 bytes per band. Shingle
 * arrays are kept, not copied: do not change one after passing it. Not thread-safe: items are
 * added by one thread in a fixed order, which keeps results deterministic.
 *
 * <pre>{@code
 * MinHashIndex index = MinHashIndex.builder().threshold(0.7).build();
 * int[] a = MinHashIndex.shingles(Tokenizer.tokens("How do large cells get enough nutrients?", Language.EN));
 * index.add(a, 0);
 * int[] b = MinHashIndex.shingles(Tokenizer.tokens("How do large cells get nutrients?", Language.EN));
 * index.findInOtherGroup(b, 1); // Match[item=0, group=0, jaccard=0.714...]
 * }</pre>
 */
public final class MinHashIndex {
    private static final int EMPTY = 0;

    private final int bands;
    private final int rows;
    private final double threshold;
    private final int maxBucketScan;
    private final long[] hashSeeds;
    private final BandTable[] tables;
    private int[][] shingles = new int[1024][];
    private int[] groups = new int[1024];
    private int[] seenStamp = new int[1024];
    private int stamp;
    private int size;
    /** The band keys of the last set looked up, which is usually the next one added. */
    private int[] lastSet;
    private long[] lastKeys;

    private MinHashIndex(Builder b) {
        this.bands = b.bands;
        this.rows = b.rows;
        this.threshold = b.threshold;
        this.maxBucketScan = b.maxBucketScan;
        this.hashSeeds = new long[bands * rows];
        long state = b.seed;
        for (int i = 0; i < hashSeeds.length; i++) {
            state += 0x9E3779B97F4A7C15L;
            hashSeeds[i] = mix(state);
        }
        this.tables = new BandTable[bands];
        for (int i = 0; i < bands; i++) {
            tables[i] = new BandTable();
        }
    }

    /** A builder with 16 bands of 4 rows, Jaccard threshold 0.7, at most 64 items scanned per bucket, seed 0. */
    public static Builder builder() {
        return new Builder();
    }

    /** A near-duplicate found: the earlier item, its group and the exact Jaccard similarity of the two shingle sets. */
    public record Match(int item, int group, double jaccard) {}

    /**
     * The shingle set of a tokenised query: a sorted array of distinct 32-bit hashes of every
     * token and every adjacent token pair. Empty for no tokens.
     */
    public static int[] shingles(List<String> tokens) {
        int[] out = new int[tokens.size() * 2];
        int n = 0;
        long previous = 0;
        for (int i = 0; i < tokens.size(); i++) {
            long word = hash(tokens.get(i));
            out[n++] = (int) (word >>> 32);
            if (i > 0) {
                out[n++] = (int) (mix(previous * 0x100000001B3L + word) >>> 32);
            }
            previous = word;
        }
        int[] sorted = Arrays.copyOf(out, n);
        Arrays.sort(sorted);
        return distinct(sorted);
    }

    /** Jaccard similarity of two sorted distinct shingle sets; 0 when either is empty. */
    public static double jaccard(int[] a, int[] b) {
        if (a.length == 0 || b.length == 0) {
            return 0;
        }
        int i = 0;
        int j = 0;
        int common = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                common++;
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return (double) common / (a.length + b.length - common);
    }

    /**
     * The earlier item of another group most similar to {@code shingleSet} at or above the
     * threshold, or {@code null}. An empty set never matches.
     */
    public Match findInOtherGroup(int[] shingleSet, int group) {
        if (shingleSet.length == 0 || size == 0) {
            return null;
        }
        long[] keys = bandKeys(shingleSet);
        stamp++;
        Match best = null;
        for (int band = 0; band < bands; band++) {
            int scanned = 0;
            for (int item = tables[band].head(keys[band]); item >= 0 && scanned < maxBucketScan;
                    item = tables[band].next(item)) {
                scanned++;
                if (seenStamp[item] == stamp || groups[item] == group) {
                    continue;
                }
                seenStamp[item] = stamp;
                double similarity = jaccard(shingleSet, shingles[item]);
                if (similarity >= threshold && (best == null || similarity > best.jaccard())) {
                    best = new Match(item, groups[item], similarity);
                }
            }
        }
        return best;
    }

    /** Adds an item with its shingle set and group; returns its number (0, 1, 2...). */
    public int add(int[] shingleSet, int group) {
        if (size == shingles.length) {
            int capacity = size * 2;
            shingles = Arrays.copyOf(shingles, capacity);
            groups = Arrays.copyOf(groups, capacity);
            seenStamp = Arrays.copyOf(seenStamp, capacity);
        }
        int item = size++;
        shingles[item] = shingleSet;
        groups[item] = group;
        if (shingleSet.length > 0) {
            long[] keys = bandKeys(shingleSet);
            for (int band = 0; band < bands; band++) {
                tables[band].add(keys[band], item);
            }
        }
        return item;
    }

    /** Items added so far. */
    public int size() {
        return size;
    }

    /** The Jaccard similarity at or above which two queries are near-duplicates. */
    public double threshold() {
        return threshold;
    }

    /**
     * The bucket {@code shingleSet} is filed under in each band, as {@link #add} files it: element
     * {@code b} is band {@code b}'s 32-bit bucket key. Two sets are compared by
     * {@link #findInOtherGroup} only when they share a bucket in some band, so a job that splits
     * the index (a shuffle keyed by band and bucket, as augcon-spark does) finds the same
     * candidates. Empty for an empty set, which is filed under none.
     */
    public int[] buckets(int[] shingleSet) {
        if (shingleSet.length == 0) {
            return new int[0];
        }
        long[] keys = bandKeys(shingleSet);
        int[] out = new int[bands];
        for (int band = 0; band < bands; band++) {
            out[band] = BandTable.narrow(keys[band]);
        }
        return out;
    }

    /** Most items of one bucket {@link #findInOtherGroup} compares per band, newest first. */
    public int maxBucketScan() {
        return maxBucketScan;
    }

    /** Number of LSH bands. */
    public int bands() {
        return bands;
    }

    /** MinHash rows per band. */
    public int rows() {
        return rows;
    }

    private long[] bandKeys(int[] shingleSet) {
        if (shingleSet == lastSet) {
            return lastKeys;
        }
        long[] keys = new long[bands];
        for (int band = 0; band < bands; band++) {
            long key = band + 1;
            for (int row = 0; row < rows; row++) {
                long seed = hashSeeds[band * rows + row];
                int min = Integer.MAX_VALUE;
                for (int shingle : shingleSet) {
                    int h = (int) (mix(shingle ^ seed) >>> 32);
                    if (h < min) {
                        min = h;
                    }
                }
                key = mix(key * 31 + min);
            }
            keys[band] = key;
        }
        lastSet = shingleSet;
        lastKeys = keys;
        return keys;
    }

    private static int[] distinct(int[] sorted) {
        int n = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                sorted[n++] = sorted[i];
            }
        }
        return n == sorted.length ? sorted : Arrays.copyOf(sorted, n);
    }

    /** 64-bit FNV-1a over the UTF-16 units, then mixed. */
    private static long hash(String token) {
        long h = 0xCBF29CE484222325L;
        for (int i = 0; i < token.length(); i++) {
            h ^= token.charAt(i);
            h *= 0x100000001B3L;
        }
        return mix(h);
    }

    /** The murmur3 64-bit finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    /**
     * One band's buckets: open addressing from a 32-bit bucket key to the newest item in the
     * bucket, and a chain from each item to the previous one. Two band values that collide in
     * 32 bits only add a candidate, which the exact comparison then rejects.
     */
    private static final class BandTable {
        private int[] keys = new int[1024];
        private int[] heads = new int[1024];
        private int[] chain = new int[1024];
        private int used;

        int head(long key) {
            int k = narrow(key);
            int mask = keys.length - 1;
            for (int slot = k & mask; keys[slot] != EMPTY; slot = (slot + 1) & mask) {
                if (keys[slot] == k) {
                    return heads[slot];
                }
            }
            return -1;
        }

        int next(int item) {
            return chain[item];
        }

        void add(long key, int item) {
            if (item >= chain.length) {
                chain = Arrays.copyOf(chain, Math.max(item + 1, chain.length * 2));
            }
            if ((used + 1) * 2 > keys.length) {
                grow();
            }
            int k = narrow(key);
            int mask = keys.length - 1;
            int slot = k & mask;
            while (keys[slot] != EMPTY && keys[slot] != k) {
                slot = (slot + 1) & mask;
            }
            if (keys[slot] == EMPTY) {
                keys[slot] = k;
                chain[item] = -1;
                used++;
            } else {
                chain[item] = heads[slot];
            }
            heads[slot] = item;
        }

        private void grow() {
            int[] oldKeys = keys;
            int[] oldHeads = heads;
            keys = new int[oldKeys.length * 2];
            heads = new int[oldKeys.length * 2];
            int mask = keys.length - 1;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != EMPTY) {
                    int slot = oldKeys[i] & mask;
                    while (keys[slot] != EMPTY) {
                        slot = (slot + 1) & mask;
                    }
                    keys[slot] = oldKeys[i];
                    heads[slot] = oldHeads[i];
                }
            }
        }

        private static int narrow(long key) {
            int k = (int) (key ^ (key >>> 32));
            return k == EMPTY ? 1 : k;
        }
    }

    /** Settings of a {@link MinHashIndex}. */
    public static final class Builder {
        private int bands = 16;
        private int rows = 4;
        private double threshold = 0.7;
        private int maxBucketScan = 64;
        private long seed;

        private Builder() {}

        /** LSH bands (default 16): more bands find more pairs and cost more memory. */
        public Builder bands(int value) {
            this.bands = Knob.atLeast("bands", value, 1);
            return this;
        }

        /** MinHash rows per band (default 4): more rows make a bucket stricter. */
        public Builder rows(int value) {
            this.rows = Knob.atLeast("rows", value, 1);
            return this;
        }

        /** Jaccard similarity of shingle sets at or above which queries are near-duplicates, in (0, 1] (default 0.7). */
        public Builder threshold(double value) {
            this.threshold = Knob.inOpenClosed("near-duplicate threshold", value, 0, 1);
            return this;
        }

        /** Most items of one bucket compared per lookup, newest first (default 64). */
        public Builder maxBucketScan(int value) {
            this.maxBucketScan = Knob.atLeast("maxBucketScan", value, 1);
            return this;
        }

        /** Seed of the MinHash functions (default 0). */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** The index. */
        public MinHashIndex build() {
            return new MinHashIndex(this);
        }

    }
}
