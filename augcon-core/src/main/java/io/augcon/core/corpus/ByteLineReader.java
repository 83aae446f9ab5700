package io.augcon.core.corpus;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a stream line by line as raw bytes.
 *
 * <p>JSONL is decoded per line rather than through a {@code Reader} so that one invalid byte
 * loses only its own line, and read in fixed-size blocks so that a file of any size streams in
 * constant memory. A line longer than {@link #MAX_LINE_BYTES} is skipped to its end and flagged
 * rather than buffered, so a file without newlines cannot exhaust the heap.
 */
final class ByteLineReader implements Closeable {

    /** Far above any real document (Jackson itself refuses strings over 20 M chars). */
    static final int MAX_LINE_BYTES = 64 << 20;

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] block = new byte[1 << 16];
    private int position;
    private int limit;
    private byte[] line = new byte[1 << 12];
    private int length;
    private boolean overflowed;

    ByteLineReader(InputStream in) {
        this(in, MAX_LINE_BYTES);
    }

    ByteLineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * Advances to the next line ({@code \n} or {@code \r\n} terminated, or the unterminated
     * last one); false at the end of the stream.
     */
    boolean next() throws IOException {
        length = 0;
        overflowed = false;
        boolean read = false;
        while (true) {
            if (position == limit && !fill()) {
                return read;
            }
            read = true;
            int newline = indexOfNewline();
            append(newline < 0 ? limit : newline);
            if (newline >= 0) {
                position = newline + 1;
                if (length > 0 && line[length - 1] == '\r') {
                    length--;
                }
                return true;
            }
            position = limit;
        }
    }

    /** The current line's bytes, valid in {@code [0, length())} until the next call. */
    byte[] bytes() {
        return line;
    }

    int length() {
        return length;
    }

    /** Whether the current line exceeded the limit; its bytes are then incomplete. */
    boolean overflowed() {
        return overflowed;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private boolean fill() throws IOException {
        int n = in.read(block);
        position = 0;
        limit = Math.max(n, 0);
        return n > 0;
    }

    private int indexOfNewline() {
        for (int i = position; i < limit; i++) {
            if (block[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void append(int end) {
        int n = end - position;
        if (overflowed || length + n > maxLineBytes) {
            overflowed = true;
            return;
        }
        if (length + n > line.length) {
            line = Arrays.copyOf(line, Math.max(length + n, Math.min(line.length * 2, maxLineBytes)));
        }
        System.arraycopy(block, position, line, length, n);
        length += n;
    }
}
