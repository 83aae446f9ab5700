package io.augcon.report;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Every query's text, kept compactly so a near-duplicate found late can still be shown with the
 * earlier query it repeats: UTF-8 bytes end to end and one offset per text, about a third of
 * what a million {@code String}s cost.
 */
final class TextStore {
    private byte[] bytes = new byte[1 << 16];
    private int[] offsets = new int[1024];
    private int length;
    private int count;

    /** Stores {@code text} and returns its number. */
    int add(String text) {
        byte[] encoded = text.getBytes(StandardCharsets.UTF_8);
        if (length + encoded.length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(length + encoded.length, bytes.length * 2));
        }
        if (count + 1 >= offsets.length) {
            offsets = Arrays.copyOf(offsets, offsets.length * 2);
        }
        System.arraycopy(encoded, 0, bytes, length, encoded.length);
        length += encoded.length;
        offsets[++count] = length;
        return count - 1;
    }

    String get(int number) {
        if (number < 0 || number >= count) {
            throw new IndexOutOfBoundsException("text " + number + " of " + count);
        }
        return new String(bytes, offsets[number], offsets[number + 1] - offsets[number], StandardCharsets.UTF_8);
    }
}
