package io.augcon.core.llm;

import io.augcon.api.LlmRequest;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@link RequestKey#of} for the many requests of one run: the same keys, with less hashing.
 *
 * <p>A run's requests open alike. The canonical JSON a key hashes starts with the model, then a
 * prompt's fixed instructions and examples, a few kB; only then come the context and the
 * question, a few hundred bytes. SHA-256 is a running hash, so its state after such an opening can
 * be kept and copied: this keeps the states after the openings it has seen (learned from requests
 * that share at least {@link #MIN_OPENING} bytes with a recent one) and hashes each request only
 * from the end of the longest opening it starts with. The digest is what a JVM spends most on per
 * call when it runs without its optimising compiler ({@code -XX:TieredStopAtLevel=1}, which the
 * README's commands use), since SHA-256's intrinsic then goes unused.
 *
 * <p>Bounded: at most {@value #OPENINGS} openings and {@value #RECENT} recent requests are kept,
 * the oldest dropped first. Thread-safe: the kept digest states are only ever copied.
 */
final class RequestKeys {
    /** The shortest opening worth keeping, in bytes of canonical JSON. */
    static final int MIN_OPENING = 1024;
    private static final int OPENINGS = 16;
    private static final int RECENT = 4;
    /** SHA-256 hashes 64-byte blocks; an opening ends on one, so its state holds no partial block. */
    private static final int BLOCK = 64;

    /** The first bytes of some requests and the digest's state after them. */
    private record Opening(byte[] bytes, MessageDigest state) {
    }

    private final boolean cloneable;
    /** Newest first; replaced, never changed. */
    private volatile Opening[] openings = new Opening[0];
    /** Requests that no opening covered half of, to learn openings from; guarded by itself. */
    private final byte[][] recent = new byte[RECENT][];
    private int nextRecent;
    private final LongAdder hashed = new LongAdder();
    private final LongAdder total = new LongAdder();

    RequestKeys() {
        this.cloneable = copy(RequestKey.sha256()) != null;
    }

    /** The key of {@code request} sent to {@code model}: exactly {@link RequestKey#of}'s. */
    String of(String model, LlmRequest request) {
        Canonical json = new Canonical();
        RequestKey.write(model, request, json);
        byte[] bytes = json.bytes();
        int length = json.size();
        total.add(length);
        Opening best = cloneable && length >= MIN_OPENING ? longestOpening(bytes, length) : null;
        int from = best == null ? 0 : best.bytes().length;
        MessageDigest digest = best == null ? RequestKey.sha256() : copy(best.state());
        if (cloneable && length >= MIN_OPENING && 2 * from < length) {
            int shared = sharedWithRecent(bytes, length);
            if (shared >= from + MIN_OPENING) {
                int end = shared - shared % BLOCK;
                digest.update(bytes, from, end - from);
                hashed.add(end - from);
                MessageDigest state = copy(digest);
                if (state != null) {
                    keep(new Opening(Arrays.copyOf(bytes, end), state));
                }
                from = end;
            }
        }
        digest.update(bytes, from, length - from);
        hashed.add(length - from);
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Bytes of canonical JSON hashed so far, and bytes keyed: the difference is what openings saved. */
    long[] hashedAndTotalBytes() {
        return new long[] {hashed.sum(), total.sum()};
    }

    /** How many openings are kept. */
    int openings() {
        return openings.length;
    }

    private Opening longestOpening(byte[] bytes, int length) {
        Opening best = null;
        for (Opening o : openings) {
            int n = o.bytes().length;
            if (n <= length && (best == null || n > best.bytes().length) && Arrays.equals(bytes, 0, n, o.bytes(), 0, n)) {
                best = o;
            }
        }
        return best;
    }

    /** The longest run of first bytes {@code bytes} shares with a recent request; then it becomes one. */
    private int sharedWithRecent(byte[] bytes, int length) {
        synchronized (recent) {
            int shared = 0;
            for (byte[] r : recent) {
                if (r != null) {
                    int mismatch = Arrays.mismatch(bytes, 0, length, r, 0, r.length);
                    shared = Math.max(shared, mismatch < 0 ? Math.min(length, r.length) : mismatch);
                }
            }
            recent[nextRecent] = Arrays.copyOf(bytes, length);
            nextRecent = (nextRecent + 1) % RECENT;
            return shared;
        }
    }

    private synchronized void keep(Opening opening) {
        Opening[] old = openings;
        Opening[] kept = new Opening[Math.min(OPENINGS, old.length + 1)];
        kept[0] = opening;
        System.arraycopy(old, 0, kept, 1, kept.length - 1);
        openings = kept;
    }

    /** A copy of {@code digest}'s state, or {@code null} where the provider cannot copy one. */
    private static MessageDigest copy(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            return null;
        }
    }

    /** The canonical JSON's bytes, read in place. */
    private static final class Canonical extends ByteArrayOutputStream {
        Canonical() {
            super(8192);
        }

        byte[] bytes() {
            return buf;
        }
    }
}
