package io.augcon.report;

/**
 * A set of {@code long}s by open addressing: 8 to 16 bytes an element where a
 * {@code HashSet<Long>} takes about 50, which matters for the distinct word pairs of a million
 * queries. {@code 0} is stored outside the table.
 */
final class LongSet {
    private long[] table = new long[1 << 12];
    private int size;
    private boolean hasZero;

    /** Adds {@code value}; true when it was new. */
    boolean add(long value) {
        if (value == 0) {
            boolean added = !hasZero;
            hasZero = true;
            return added;
        }
        if ((size + 1) * 10L > table.length * 6L) {
            grow();
        }
        if (insert(table, value)) {
            size++;
            return true;
        }
        return false;
    }

    int size() {
        return size + (hasZero ? 1 : 0);
    }

    private static boolean insert(long[] table, long value) {
        int mask = table.length - 1;
        int slot = (int) mix(value) & mask;
        while (table[slot] != 0) {
            if (table[slot] == value) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        table[slot] = value;
        return true;
    }

    private void grow() {
        long[] bigger = new long[table.length * 2];
        for (long value : table) {
            if (value != 0) {
                insert(bigger, value);
            }
        }
        table = bigger;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        return z ^ (z >>> 33);
    }
}
