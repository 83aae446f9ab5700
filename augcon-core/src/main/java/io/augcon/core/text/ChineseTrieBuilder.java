package io.augcon.core.text;

import java.util.Arrays;

/**
 * Builds {@link ChineseDictionary}'s trie from words in any order, without sorting them: words
 * go into a growing trie whose edges (parent, char) sit in one open-addressing hash table, and
 * {@link #build} renumbers its nodes breadth first with each node's children sorted by char.
 * Sorting 349,040 strings and keeping them in a {@code HashMap} took most of a second on the
 * project's loaded 2-core machine; this stays in primitive arrays.
 */
final class ChineseTrieBuilder {
    private static final long EMPTY = -1;

    /** Edge keys, parent << 16 | char, or EMPTY; the child of each key in {@link #edgeChild}. */
    private long[] edgeKey = new long[1 << 16];
    private int[] edgeChild = new int[1 << 16];
    private int edges;
    /** Per node: its parent, the char into it, and the count of the word it ends (NaN if none). */
    private int[] parent = new int[1 << 16];
    private char[] label = new char[1 << 16];
    private double[] count = new double[1 << 16];
    private int nodes = 1;
    private int words;

    ChineseTrieBuilder() {
        Arrays.fill(edgeKey, EMPTY);
        count[0] = Double.NaN;
    }

    /** Adds {@code word} with {@code wordCount}; a word added again keeps the later count, as jieba's map does. */
    void put(char[] word, double wordCount) {
        int node = 0;
        for (char c : word) {
            node = childOrNew(node, c);
        }
        if (Double.isNaN(count[node])) {
            words++;
        }
        count[node] = wordCount;
    }

    /** How many distinct words were added. */
    int words() {
        return words;
    }

    private int childOrNew(int node, char c) {
        long key = ((long) node << 16) | c;
        int mask = edgeKey.length - 1;
        int slot = slot(key, mask);
        while (edgeKey[slot] != EMPTY) {
            if (edgeKey[slot] == key) {
                return edgeChild[slot];
            }
            slot = (slot + 1) & mask;
        }
        int child = nodes++;
        if (child == parent.length) {
            int size = parent.length * 2;
            parent = Arrays.copyOf(parent, size);
            label = Arrays.copyOf(label, size);
            count = Arrays.copyOf(count, size);
        }
        parent[child] = node;
        label[child] = c;
        count[child] = Double.NaN;
        edgeKey[slot] = key;
        edgeChild[slot] = child;
        if (++edges * 2 > edgeKey.length) {
            grow();
        }
        return child;
    }

    private static int slot(long key, int mask) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> 32) & mask;
    }

    private void grow() {
        long[] keys = edgeKey;
        int[] children = edgeChild;
        edgeKey = new long[keys.length * 2];
        edgeChild = new int[keys.length * 2];
        Arrays.fill(edgeKey, EMPTY);
        int mask = edgeKey.length - 1;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != EMPTY) {
                int slot = slot(keys[i], mask);
                while (edgeKey[slot] != EMPTY) {
                    slot = (slot + 1) & mask;
                }
                edgeKey[slot] = keys[i];
                edgeChild[slot] = children[i];
            }
        }
    }

    /**
     * The dictionary: each word's log probability is {@code Math.log(count / total)}, and a
     * string that is no word scores the smallest of them and {@code unknownAtMost}.
     */
    ChineseDictionary build(double total, double unknownAtMost) {
        // each node's children, grouped by parent (counting sort) and sorted by char within a
        // group: packed as char << 32 | child, so sorting the longs sorts by char
        int[] groupStart = new int[nodes + 1];
        for (int node = 1; node < nodes; node++) {
            groupStart[parent[node] + 1]++;
        }
        for (int node = 0; node < nodes; node++) {
            groupStart[node + 1] += groupStart[node];
        }
        long[] grouped = new long[nodes - 1];
        int[] fill = Arrays.copyOf(groupStart, nodes);
        for (int node = 1; node < nodes; node++) {
            grouped[fill[parent[node]]++] = ((long) label[node] << 32) | node;
        }
        for (int node = 0; node < nodes; node++) {
            if (groupStart[node + 1] - groupStart[node] > 1) {
                Arrays.sort(grouped, groupStart[node], groupStart[node + 1]);
            }
        }
        // breadth first: the children of the k-th node in this order get the next numbers
        int[] order = new int[nodes];
        int[] firstChild = new int[nodes + 1];
        char[] labels = new char[nodes];
        double[] logProbability = new double[nodes];
        double unknown = unknownAtMost;
        int numbered = 1;
        for (int k = 0; k < nodes; k++) {
            int node = order[k];
            double c = count[node];
            logProbability[k] = Double.isNaN(c) ? ChineseDictionary.NOT_A_WORD : Math.log(c / total);
            if (!Double.isNaN(c)) {
                unknown = Math.min(unknown, logProbability[k]);
            }
            firstChild[k] = numbered;
            for (int g = groupStart[node]; g < groupStart[node + 1]; g++) {
                labels[numbered] = (char) (grouped[g] >>> 32);
                order[numbered] = (int) grouped[g];
                numbered++;
            }
        }
        firstChild[nodes] = nodes;
        int[] rootChild = new int[Character.MAX_VALUE + 1];
        Arrays.fill(rootChild, ChineseDictionary.NONE);
        for (int child = firstChild[0]; child < firstChild[1]; child++) {
            rootChild[labels[child]] = child;
        }
        return new ChineseDictionary(rootChild, firstChild, labels, logProbability, unknown, words);
    }
}
